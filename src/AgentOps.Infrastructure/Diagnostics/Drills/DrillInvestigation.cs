using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using AgentOps.Core.PostMortem;
using AgentOps.Infrastructure.Tools;

namespace AgentOps.Infrastructure.Diagnostics.Drills;

/// <summary>Opens the drill incident, runs the real investigation engine against the drill's tools and scores the answer.</summary>
public sealed class DrillInvestigation
{
    private readonly InvestigationRunner _runner;
    private readonly DiagnosticsKernelFactory _kernels;
    private readonly TimeProvider _time;

    public DrillInvestigation(InvestigationRunner runner, DiagnosticsKernelFactory kernels, TimeProvider time)
    {
        _runner = runner;
        _kernels = kernels;
        _time = time;
    }

    /// <summary>The clock of the drill.</summary>
    public TimeProvider Time => _time;

    /// <summary>Investigates an incident with one track per kind in <paramref name="kinds"/> and scores it.</summary>
    /// <param name="scenario">Drill name.</param>
    /// <param name="title">Incident title as a customer would report it.</param>
    /// <param name="kinds">Tracks to open.</param>
    /// <param name="tools">Tool targets of the drill's servers.</param>
    /// <param name="expectedCategory">The true root cause category.</param>
    /// <param name="expectedText">Text the root cause must mention (e.g. <c>users.status</c>); null for none.</param>
    /// <param name="incidentStart">When the incident started (the load began).</param>
    /// <param name="drillStart">Timestamp of the drill start, for its duration.</param>
    /// <param name="cancellationToken">Cancels the investigation.</param>
    public async Task<(DrillResult Result, Incident Incident)> InvestigateAsync(
        string scenario,
        string title,
        IReadOnlyList<TrackKind> kinds,
        ToolsOptions tools,
        string expectedCategory,
        string? expectedText,
        DateTimeOffset incidentStart,
        long drillStart,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var incident = new Incident { Id = $"DRILL-{scenario}", Title = title, CreatedAt = _time.GetUtcNow() };
        for (var i = 0; i < kinds.Count; i++)
        {
            incident.Tracks.Add(new Track { Number = i + 1, Kind = kinds[i], Title = $"{kinds[i]} investigation" });
        }

        var invoker = _kernels.CreateInvoker(tools);
        var result = await _runner.RunAsync(incident, invoker, new InvestigationOptions { TrackTimeBudget = TimeSpan.FromSeconds(30) }, cancellationToken).ConfigureAwait(false);
        var analysis = result.Analysis;
        var correct = analysis.Category == expectedCategory
            && (expectedText is null || analysis.RootCause.Contains(expectedText, StringComparison.OrdinalIgnoreCase));
        var detected = result.Findings.Where(f => f.Category == expectedCategory).Select(f => (DateTimeOffset?)f.At).Min();
        var notes = incident.Timeline.Where(e => e.Kind == "note").Select(e => e.Message).ToList();
        var now = _time.GetUtcNow();
        var document = new PostMortemGenerator(new PostMortemOptions()).Generate(incident, now);
        var score = new PostMortemScorer().Score(incident, new PostMortemReport(document.Markdown, document.Runbook, now));
        return (new DrillResult(
            scenario,
            expectedCategory,
            analysis,
            correct,
            detected is { } at ? (at - incidentStart).TotalSeconds : null,
            _time.GetElapsedTime(drillStart).TotalSeconds,
            result.Findings) { Notes = notes, PostMortemScore = score }, incident);
    }
}
