namespace AgentOps.Core.Commands;

/// <summary>Every verb of the CCPM-style grammar, with its arguments and options.</summary>
public static class CommandCatalog
{
    private static readonly Dictionary<string, string> IncidentOption = new() { ["incident"] = "Incident id, when the track number alone is ambiguous" };
    private static readonly Dictionary<string, string> TrackOptions = new()
    {
        ["incident"] = "Incident id, when the track number alone is ambiguous",
        ["reason"] = "Why (recorded on the timeline)",
    };

    /// <summary>All verbs, in help order.</summary>
    public static IReadOnlyList<CommandSpec> All { get; } =
    [
        new("incident-new", "Open an incident by hand", ["title..."], 1)
        {
            Options = new Dictionary<string, string>
            {
                ["priority"] = "P1-P4 (default P3)",
                ["customer"] = "Customer email address",
                ["severity"] = "SEV1-SEV4 (default from priority)",
            },
        },
        new("incident-show", "Show an incident: state, SLA, tracks, findings, timeline", ["incident"], 1) { IsRead = true },
        new("incident-list", "List incidents, most urgent first", [], 0)
        {
            IsRead = true,
            Options = new Dictionary<string, string> { ["state"] = "Only this state (e.g. investigating)", ["limit"] = "At most this many (default 50)" },
        },
        new("incident-transition", "Move an incident's state machine (triage, investigate, mitigate, resolve, force-resolve, start-post-mortem, close, close-without-post-mortem, escalate, acknowledge, reopen)", ["incident", "trigger"], 2)
        {
            Options = new Dictionary<string, string> { ["reason"] = "Why (required to force, waive or reopen)" },
        },
        new("prd-new", "Write the investigation brief (symptoms, hypotheses, resolution criteria) of an incident", ["incident"], 1)
        {
            Options = new Dictionary<string, string> { ["name"] = "Slug of the brief (default from the title)" },
        },
        new("prd-parse", "Turn the brief into an investigation plan (components, steps)", ["incident"], 1),
        new("epic-decompose", "Create one investigation track per component of the plan, with dependencies", ["incident"], 1),
        new("epic-show", "Show the brief, the plan and the tracks of an incident", ["incident"], 1) { IsRead = true },
        new("epic-status", "Progress of an incident's tracks", ["incident"], 1) { IsRead = true },
        new("epic-sync", "Create or update the GitHub epic and one issue per track (never duplicates)", ["incident"], 1),
        new("issue-sync", "Post or update the progress comments of an incident's tracks on GitHub", ["incident"], 1)
        {
            Options = new Dictionary<string, string> { ["track"] = "Only this track number" },
        },
        new("issue-start", "Start an investigation track", ["track"], 1) { Options = IncidentOption },
        new("issue-close", "Mark an investigation track done", ["track"], 1) { Options = IncidentOption },
        new("issue-reopen", "Reopen a done or cancelled track", ["track"], 1) { Options = TrackOptions },
        new("issue-block", "Mark a track blocked", ["track"], 1) { Options = TrackOptions },
        new("issue-status", "Show one track: state, dependencies, findings", ["track"], 1) { Options = IncidentOption, IsRead = true },
        new("status", "Overview: open incidents by priority and state, SLA, tracks, outbox", [], 0) { IsRead = true },
        new("standup", "What happened in the last 24 h, what is in progress, blocked and next", [], 0) { IsRead = true },
        new("blocked", "Tracks that cannot move: blocked, or waiting on dependencies not done", [], 0) { IsRead = true },
        new("next", "Tracks ready to start (all dependencies done), most urgent incident first", [], 0) { IsRead = true },
        new("in-progress", "Tracks in progress", [], 0) { IsRead = true },
        new("search", "Search incidents, tracks, findings and timelines", ["text..."], 1) { IsRead = true },
        new("ack", "Acknowledge an incident: stops the paging", ["incident"], 1),
        new("escalate", "Escalate an incident one level and alert that level's targets", ["incident"], 1)
        {
            Options = new Dictionary<string, string> { ["reason"] = "Why (recorded on the timeline)" },
        },
        new("sla", "Acknowledgement and resolution deadlines of open incidents, and breaches", [], 0) { IsRead = true },
        new("comms-send", "Approve a drafted customer email or alert and send it through the outbox", ["incident", "communication"], 2),
        new("approve", "Approve a proposed remediation (e.g. R-1) and run it; outcome on the timeline", ["incident", "remediation"], 2),
        new("postmortem", "Generate the blameless post-mortem of an incident (docs/incidents/<id>.md)", ["incident"], 1),
        new("runbook", "Generate the runbook draft of an incident (docs/incidents/<id>-runbook.md)", ["incident"], 1),
        new("help", "List the commands, or explain one", ["command"], 0) { IsRead = true },
    ];

    /// <summary>Finds a verb by name (case-insensitive).</summary>
    public static CommandSpec? Find(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The closest verb to a mistyped one, when it is close enough to suggest.</summary>
    public static string? Suggest(string name)
    {
        var best = All.Select(c => (c.Name, Distance: Levenshtein(name.ToLowerInvariant(), c.Name)))
            .OrderBy(x => x.Distance).First();
        return best.Distance <= Math.Max(2, name.Length / 3) ? best.Name : null;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
