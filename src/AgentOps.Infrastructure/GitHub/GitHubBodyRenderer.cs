using System.Globalization;
using System.Text;
using System.Text.Json;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// Renders the titles and bodies of an incident's issues and progress comments. Output is deterministic (no clock, no
/// random order), so an unchanged incident renders byte for byte the same and a no-op sync writes nothing.
/// </summary>
public static class GitHubBodyRenderer
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary><c>[INC-2026-0042] Login timeouts</c>.</summary>
    public static string EpicTitle(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return Trim($"[{incident.Id}] {incident.Title}", 256);
    }

    /// <summary><c>[INC-2026-0042 #2] Database: check the sessions table</c>.</summary>
    public static string TrackTitle(Incident incident, Track track)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(track);
        return Trim($"[{incident.Id} #{track.Number.ToString(CultureInfo.InvariantCulture)}] {track.Kind}: {track.Title}", 256);
    }

    /// <summary>
    /// The epic body: marker, summary line, brief (objective, symptoms, hypotheses, resolution criteria), plan, and a
    /// task list of the tracks with their progress. <paramref name="trackIssues"/> maps track numbers to issue numbers.
    /// </summary>
    public static string EpicBody(Incident incident, IReadOnlyDictionary<int, int> trackIssues)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(trackIssues);
        var sb = new StringBuilder();
        sb.AppendLine(new GitHubMarker(incident.Id, null).Render());
        sb.Append(CultureInfo.InvariantCulture, $"**Incident** {incident.Id} · **Priority** {incident.Priority} · **Severity** {incident.Severity} · **State** {incident.State}");
        if (incident.Customer is { } customer)
        {
            sb.Append(CultureInfo.InvariantCulture, $" · **Customer** {Inline(customer.Name)} ({Inline(customer.Domain)})");
        }

        sb.AppendLine();
        if (incident.Brief is { } brief)
        {
            sb.AppendLine().AppendLine("## Objective").AppendLine(Block(brief.Objective));
            List(sb, "Symptoms", brief.Symptoms);
            List(sb, "Hypotheses", brief.Hypotheses);
            List(sb, "Resolution criteria", brief.ResolutionCriteria);
        }

        if (incident.Plan is { } plan)
        {
            sb.AppendLine().AppendLine("## Plan");
            foreach (var component in plan.Components)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"- **{component.Kind}**: {Inline(component.Description)}");
            }

            for (var i = 0; i < plan.Steps.Count; i++)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"{i + 1}. {Inline(plan.Steps[i])}");
            }
        }

        var done = incident.Tracks.Count(t => t.State is TrackState.Done or TrackState.Cancelled);
        sb.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## Tracks ({done}/{incident.Tracks.Count} done)");
        foreach (var track in incident.Tracks.OrderBy(t => t.Number))
        {
            var check = track.State is TrackState.Done or TrackState.Cancelled ? "x" : " ";
            var reference = trackIssues.TryGetValue(track.Number, out var number)
                ? "#" + number.ToString(CultureInfo.InvariantCulture)
                : $"Track {track.Number.ToString(CultureInfo.InvariantCulture)}";
            var confidence = track.Findings.Count == 0 ? string.Empty : $", confidence {track.Findings.Max(f => f.Confidence).ToString("0.00", CultureInfo.InvariantCulture)}";
            sb.AppendLine(CultureInfo.InvariantCulture, $"- [{check}] {reference} {track.Kind}: {Inline(track.Title)} ({CommandWords.ToKebab(track.State.ToString())}, {track.Findings.Count} finding(s){confidence})");
        }

        sb.AppendLine().Append("_Managed by AgentOps: hand edits to this description are overwritten. Steer the incident with comments: `/status mitigating`, `/ack`, `/priority P2`, `/pm:issue-close`._");
        return sb.ToString();
    }

    /// <summary>The body of a track issue: marker, what to investigate, dependencies.</summary>
    public static string TrackBody(Incident incident, Track track)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(track);
        var sb = new StringBuilder();
        sb.AppendLine(new GitHubMarker(incident.Id, track.Number).Render());
        sb.AppendLine(CultureInfo.InvariantCulture, $"**Track {track.Number} of {incident.Id}** · **{track.Kind}** · **State** {track.State}{(track.Assignee is null ? string.Empty : $" · **Assignee** @{track.Assignee}")}");
        sb.AppendLine().AppendLine("## What to investigate").AppendLine(Block(track.Title));
        var component = incident.Plan?.Components.Where(c => c.Kind == track.Kind).Select(c => c.Description).ToList();
        if (component is { Count: > 0 })
        {
            foreach (var description in component)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"- {Inline(description)}");
            }
        }

        if (track.DependsOn.Count > 0)
        {
            sb.AppendLine().AppendLine("## Depends on");
            foreach (var dependency in track.DependsOn.Order())
            {
                var other = incident.FindTrack(dependency);
                sb.AppendLine(CultureInfo.InvariantCulture, $"- Track {dependency} ({other?.Kind.ToString() ?? "unknown"})");
            }
        }

        if (track.StateReason is { Length: > 0 } reason)
        {
            sb.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"**Why {track.State}:** {Inline(reason)}");
        }

        sb.AppendLine().Append("_Progress is posted as comments. Commands: `/pm:issue-start`, `/pm:issue-close`, `/status blocked <reason>`, `/assign @user`._");
        return sb.ToString();
    }

    /// <summary>
    /// The progress comment of a track: what was checked, findings with confidence, evidence, next steps, and a
    /// machine-readable JSON block (schema <c>agentops.progress/1</c>).
    /// </summary>
    public static string ProgressComment(Incident incident, Track track)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(track);
        var state = CommandWords.ToKebab(track.State.ToString());
        var findings = track.Findings.OrderBy(f => f.At).ThenBy(f => f.Id, StringComparer.Ordinal).ToList();
        var checkedSources = findings.SelectMany(f => f.Evidence).Select(e => e.Source).Distinct(StringComparer.Ordinal).ToList();
        var confidence = findings.Count == 0 ? (double?)null : findings.Max(f => f.Confidence);
        var nextSteps = NextSteps(incident, track, findings);

        var sb = new StringBuilder();
        sb.AppendLine(GitHubMarker.Progress(incident.Id, track.Number, state));
        sb.AppendLine(CultureInfo.InvariantCulture, $"### Track {track.Number} · {track.Kind}: {state}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"**Confidence:** {(confidence is null ? "no finding yet" : $"{confidence.Value.ToString("0.00", CultureInfo.InvariantCulture)} (highest of {findings.Count} finding(s))")}");
        sb.AppendLine().AppendLine("**What was checked**");
        if (checkedSources.Count == 0)
        {
            sb.AppendLine("- nothing yet");
        }

        foreach (var source in checkedSources)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {Code(source)}");
        }

        if (findings.Count > 0)
        {
            sb.AppendLine().AppendLine("**Findings**").AppendLine().AppendLine("| Id | Claim | Confidence | Category |").AppendLine("|---|---|---|---|");
            foreach (var finding in findings)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(finding.Id)} | {Cell(finding.Claim)} | {finding.Confidence.ToString("0.00", CultureInfo.InvariantCulture)} | {Cell(finding.Category ?? "-")} |");
            }

            sb.AppendLine().AppendLine("**Evidence**");
            foreach (var finding in findings)
            {
                foreach (var evidence in finding.Evidence)
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"- {Inline(finding.Id)} · {Code(evidence.Source)} at {evidence.ObservedAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z: {Code(Trim(evidence.Excerpt, 300))}");
                }
            }
        }

        sb.AppendLine().AppendLine("**Next steps**");
        foreach (var step in nextSteps)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {Inline(step)}");
        }

        var machine = new ProgressDocument(
            "agentops.progress/1",
            incident.Id,
            track.Number,
            track.Kind.ToString(),
            track.State.ToString(),
            confidence,
            checkedSources,
            findings.Select(f => new ProgressFinding(f.Id, f.Claim, f.Confidence, f.Category, f.Evidence.Select(e => new ProgressEvidence(e.Source, e.Excerpt, e.ObservedAt)).ToList())).ToList(),
            nextSteps);
        var json = JsonSerializer.Serialize(machine, Json).Replace("`", "\\u0060", StringComparison.Ordinal);
        sb.AppendLine().AppendLine("<details><summary>Machine-readable</summary>").AppendLine();
        sb.AppendLine("```json").AppendLine(json).AppendLine("```").Append("</details>");
        return sb.ToString();
    }

    /// <summary>What should happen next on a track, from its state, dependencies and the confidence of its findings.</summary>
    public static IReadOnlyList<string> NextSteps(Incident incident, Track track, IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(findings);
        var steps = new List<string>();
        switch (track.State)
        {
            case TrackState.Done:
                steps.Add("None: the track is done.");
                return steps;
            case TrackState.Cancelled:
                steps.Add($"None: the track was cancelled ({track.StateReason ?? "no reason given"}).");
                return steps;
            case TrackState.Blocked:
                steps.Add($"Unblock the track: {track.StateReason ?? "no reason given"}.");
                break;
        }

        var pending = TrackStateMachine.PendingDependencies(incident, track);
        if (pending.Count > 0)
        {
            steps.Add($"Wait for track(s) {string.Join(", ", pending.Select(n => n.ToString(CultureInfo.InvariantCulture)))} to finish.");
        }

        foreach (var weak in findings.Where(f => f.Confidence < 0.6))
        {
            steps.Add($"Corroborate {weak.Id} (confidence {weak.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}) with more evidence.");
        }

        var strong = findings.Where(f => f.Confidence >= 0.8).OrderByDescending(f => f.Confidence).FirstOrDefault();
        if (strong is not null)
        {
            steps.Add($"Confirm {strong.Id} and close the track (`/pm:issue-close`).");
        }
        else if (track.State == TrackState.Open && pending.Count == 0)
        {
            steps.Add("Start the track (`/pm:issue-start`).");
        }
        else if (track.State == TrackState.InProgress)
        {
            steps.Add("Keep investigating: no finding reaches 0.80 confidence yet.");
        }

        return steps;
    }

    private static void List(StringBuilder sb, string heading, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        sb.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## {heading}");
        foreach (var item in items)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {Inline(item)}");
        }
    }

    /// <summary>One line of text with markers and HTML comments defused.</summary>
    private static string Inline(string text) =>
        text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal)
            .Replace("<!--", "&lt;!--", StringComparison.Ordinal).Trim();

    private static string Block(string text) => text.Replace("<!--", "&lt;!--", StringComparison.Ordinal).Trim();

    private static string Cell(string text) => Inline(text).Replace("|", "\\|", StringComparison.Ordinal);

    private static string Code(string text)
    {
        var inline = Inline(text).Replace("`", "'", StringComparison.Ordinal);
        return $"`{inline}`";
    }

    private static string Trim(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private sealed record ProgressDocument(
        string Schema,
        string Incident,
        int Track,
        string Kind,
        string State,
        double? Confidence,
        IReadOnlyList<string> Checked,
        IReadOnlyList<ProgressFinding> Findings,
        IReadOnlyList<string> NextSteps);

    private sealed record ProgressFinding(string Id, string Claim, double Confidence, string? Category, IReadOnlyList<ProgressEvidence> Evidence);

    private sealed record ProgressEvidence(string Source, string Excerpt, DateTimeOffset ObservedAt);
}
