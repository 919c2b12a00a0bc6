using System.Text.Encodings.Web;
using System.Text.Json;
using AgentOps.Core.Model;

namespace AgentOps.Infrastructure.Diagnostics.Drills;

/// <summary>The outcome of an incident drill: what the engine named, how fast, and whether it was right.</summary>
/// <param name="Scenario">Drill name, e.g. <c>missing-index</c>.</param>
/// <param name="ExpectedCategory">The category of the true root cause.</param>
/// <param name="Analysis">What the engine concluded.</param>
/// <param name="Correct">Whether the engine named the expected root cause.</param>
/// <param name="TimeToDetectSeconds">Seconds from the start of the incident (the load) to the first finding of the expected category; null when never found.</param>
/// <param name="DurationSeconds">Wall time of the whole drill, setup and cleanup included.</param>
/// <param name="Findings">Every finding of the investigation, in time order.</param>
public sealed record DrillResult(
    string Scenario,
    string ExpectedCategory,
    RootCauseAnalysis Analysis,
    bool Correct,
    double? TimeToDetectSeconds,
    double DurationSeconds,
    IReadOnlyList<Finding> Findings)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>What happened during the drill besides the findings (load figures, tool notes).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The checklist score of the post-mortem generated from the drill's incident (sections of seed 001 present and backed by data).</summary>
    public AgentOps.Core.PostMortem.PostMortemScore? PostMortemScore { get; init; }

    /// <summary>The result as JSON with the keys of <c>agentops drill --json</c>: <c>root_cause</c>, <c>contributing_causes</c>, <c>time_to_detect_s</c>, <c>correct</c>, <c>findings</c>...</summary>
    public string ToJson() => JsonSerializer.Serialize(
        new
        {
            scenario = Scenario,
            root_cause = Analysis.RootCause,
            root_cause_category = Analysis.Category,
            expected_category = ExpectedCategory,
            correct = Correct,
            confidence = Analysis.Confidence,
            contributing_causes = Analysis.ContributingCauses,
            time_to_detect_s = TimeToDetectSeconds is { } t ? Math.Round(t, 2) : (double?)null,
            duration_s = Math.Round(DurationSeconds, 2),
            five_whys = Analysis.FiveWhys.Select(w => new { question = w.Question, answer = w.Answer, evidence = w.Evidence.Select(e => new { source = e.Source, excerpt = e.Excerpt, observed_at = e.ObservedAt }) }),
            remediations = Analysis.Remediations.Select(r => new { id = r.Id, description = r.Description, action = r.Action, risk = r.Risk, status = r.Status.ToString() }),
            findings = Findings.Select(f => new
            {
                id = f.Id,
                track = f.TrackNumber,
                category = f.Category,
                claim = f.Claim,
                confidence = f.Confidence,
                at = f.At,
                evidence = f.Evidence.Select(e => new { source = e.Source, excerpt = e.Excerpt, observed_at = e.ObservedAt }),
            }),
            notes = Notes,
            post_mortem_score = PostMortemScore is { } score ? $"{score.Passed}/{score.Total}" : null,
            post_mortem_missing = PostMortemScore?.Sections.Where(x => !x.Passed).Select(x => x.Name),
        },
        JsonOptions);
}
