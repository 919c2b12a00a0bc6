using System.Text.RegularExpressions;
using AgentOps.Core.Model;

namespace AgentOps.Core.PostMortem;

/// <summary>
/// Scores a post-mortem and its runbook against the checklist of seed 001: timeline, root cause with evidence, 5 whys,
/// quantified impact, action items with owners and due dates, runbook (symptoms, diagnostic steps, resolution procedure,
/// escalation path) and blameless wording. A section counts only when it is present AND backed by the incident's data.
/// Reads the Markdown, not the generator's internals, so hand-edited or model-written post-mortems can be scored too.
/// </summary>
public sealed partial class PostMortemScorer
{
    private readonly BlamelessChecker _blameless = new();

    /// <summary>Scores <paramref name="report"/> as a post-mortem of <paramref name="incident"/>.</summary>
    public PostMortemScore Score(Incident incident, PostMortemReport report)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(report);
        var pm = Sections(report.Markdown);
        var rb = Sections(report.Runbook);
        var findingIds = incident.Tracks.SelectMany(t => t.Findings).Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var sections = new List<ScoredSection>
        {
            Check("Summary", pm, "summary", body => (body.Contains(incident.Id, StringComparison.Ordinal), "names the incident")),
            Check("Timeline", pm, "timeline", body =>
            {
                var stamped = TimeStamp().Matches(body).Count;
                var needed = Math.Min(3, incident.Timeline.Count);
                return (incident.Timeline.Count > 0 && stamped >= needed, $"{stamped} timestamped entries, {incident.Timeline.Count} events on the incident");
            }),
            Check("Root cause with evidence", pm, "root cause", body =>
            {
                var cited = Citations(body).Where(findingIds.Contains).Distinct().Count();
                return (incident.RootCause is not null && cited > 0, $"{cited} finding(s) of the incident cited");
            }),
            Check("Contributing causes", pm, "contributing causes", body =>
                (incident.RootCause is { ContributingCauses.Count: > 0 } rca && rca.ContributingCauses.All(c => body.Contains(c, StringComparison.Ordinal)),
                 $"{incident.RootCause?.ContributingCauses.Count ?? 0} contributing cause(s) on the incident")),
            Check("5 whys", pm, "5 whys", body =>
            {
                var whys = incident.RootCause?.FiveWhys ?? [];
                var listed = whys.Count(w => body.Contains(w.Answer, StringComparison.Ordinal));
                return (whys.Count >= 3 && listed == whys.Count, $"{listed} of {whys.Count} whys of the analysis listed (3 needed)");
            }),
            Check("Impact quantified", pm, "impact", body =>
            {
                var hasDuration = DurationLine().IsMatch(body);
                var measured = Citations(body).Where(findingIds.Contains).Distinct().Count();
                return (hasDuration && measured > 0, $"duration {(hasDuration ? "given" : "missing")}, {measured} measured figure(s) citing findings");
            }),
            Check("Action items with owners and due dates", pm, "action items", body =>
            {
                var rows = body.Split('\n').Where(l => l.StartsWith('|') && !l.StartsWith("|---", StringComparison.Ordinal) && !l.StartsWith("| #", StringComparison.Ordinal)).ToList();
                var complete = rows.Count(r => DueDate().IsMatch(r) && r.Split('|', StringSplitOptions.TrimEntries).Count(c => c.Length > 0) >= 4);
                return (rows.Count > 0 && complete == rows.Count, $"{complete} of {rows.Count} items with owner and due date");
            }),
            Check("Runbook: symptoms", rb, "symptoms", body => (ListItems(body) > 0, $"{ListItems(body)} symptom(s)")),
            Check("Runbook: diagnostic steps", rb, "diagnostic steps", body =>
            {
                var sources = incident.Tracks.SelectMany(t => t.Findings).SelectMany(f => f.Evidence).Select(e => e.Source).Distinct().Count(s => body.Contains(s, StringComparison.Ordinal));
                return (ListItems(body) > 0 && sources > 0, $"{ListItems(body)} step(s), {sources} evidence source(s) of the incident");
            }),
            Check("Runbook: resolution procedure", rb, "resolution procedure", body =>
            {
                var actions = incident.RootCause?.Remediations.Count(r => body.Contains(r.Action.Split('\n')[0].Trim(), StringComparison.Ordinal)) ?? 0;
                return (actions > 0, $"{actions} remediation command(s) of the incident");
            }),
            Check("Runbook: escalation path", rb, "escalation path", body => (ListItems(body) >= 2, $"{ListItems(body)} level(s)")),
        };

        var violations = _blameless.Check(report.Markdown + "\n" + report.Runbook, BlamelessChecker.PeopleOf(incident));
        sections.Add(new ScoredSection("Blameless", true, violations.Count == 0, violations.Count == 0 ? "no person named next to blame" : string.Join("; ", violations)));
        return new PostMortemScore(sections);
    }

    private static ScoredSection Check(string name, Dictionary<string, string> sections, string heading, Func<string, (bool Backed, string Detail)> backed)
    {
        if (!sections.TryGetValue(heading, out var body) || body.Trim().Length == 0)
        {
            return new ScoredSection(name, false, false, $"no '## {heading}' section");
        }

        var (ok, detail) = backed(body);
        return new ScoredSection(name, true, ok, detail);
    }

    private static Dictionary<string, string> Sections(string markdown)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? current = null;
        var start = 0;
        foreach (Match m in Heading().Matches(markdown))
        {
            if (current is not null)
            {
                result[current] = markdown[start..m.Index];
            }

            current = m.Groups[1].Value.Trim();
            start = m.Index + m.Length;
        }

        if (current is not null)
        {
            result[current] = markdown[start..];
        }

        return result;
    }

    private static IEnumerable<string> Citations(string body) => Citation().Matches(body).Select(m => m.Groups[1].Value);

    private static int ListItems(string body) => ListItem().Matches(body).Count;

    [GeneratedRegex(@"^##\s+(.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}|\b\d{1,2}[:h]\d{2}\b")]
    private static partial Regex TimeStamp();

    [GeneratedRegex(@"\[([A-Za-z]+-[\w-]+)\]")]
    private static partial Regex Citation();

    [GeneratedRegex(@"duration\**\s*:\s*\**\s*(\d+\s?min|\d+h|\d+d)", RegexOptions.IgnoreCase)]
    private static partial Regex DurationLine();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b")]
    private static partial Regex DueDate();

    [GeneratedRegex(@"^\s*(?:[-*]|\d+\.)\s+\S", RegexOptions.Multiline)]
    private static partial Regex ListItem();
}
