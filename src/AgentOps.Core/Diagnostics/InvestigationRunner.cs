using System.Globalization;
using AgentOps.Core.Diagnostics.Context;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration;

namespace AgentOps.Core.Diagnostics;

/// <summary>
/// Runs the tracks of one incident in parallel, each through the analyst of its kind with its own time budget,
/// records findings and transitions on the incident, then correlates everything into a root cause. A track that
/// fails or runs out of time becomes a timeline note; the investigation always finishes unless cancelled.
/// </summary>
public sealed class InvestigationRunner
{
    private readonly IReadOnlyList<ITrackAnalyst> _analysts;
    private readonly RootCauseCorrelator _correlator;
    private readonly TimeProvider _time;

    public InvestigationRunner(IEnumerable<ITrackAnalyst> analysts, RootCauseCorrelator correlator, TimeProvider time)
    {
        _analysts = analysts.ToList();
        _correlator = correlator;
        _time = time;
    }

    /// <summary>Investigates the open (or in-progress) tracks of <paramref name="incident"/> with <paramref name="tools"/>.</summary>
    /// <returns>The analysis, also stored in <see cref="Incident.RootCause"/> with a <c>root-cause</c> timeline event.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; running tracks are cancelled with that reason.</exception>
    public async Task<InvestigationResult> RunAsync(Incident incident, IToolInvoker tools, InvestigationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(tools);
        options ??= new InvestigationOptions();
        var started = _time.GetTimestamp();
        var tracks = incident.Tracks.Where(t => t.State is TrackState.Open or TrackState.InProgress && t.Kind != TrackKind.Fix).ToList();
        var reports = await Task.WhenAll(tracks.Select(t => RunTrackAsync(incident, t, tools, options, cancellationToken))).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var analysis = Correlate(incident, options);
        List<Finding> findings;
        lock (incident)
        {
            findings = incident.Tracks.SelectMany(t => t.Findings).ToList();
        }

        return new InvestigationResult(analysis, findings.OrderBy(f => f.ObservedSince ?? f.At).ToList(), reports, _time.GetElapsedTime(started));
    }

    /// <summary>
    /// Investigates one track of <paramref name="incident"/> (as <see cref="RunAsync"/> does for each): starts it when open,
    /// runs the analyst of its kind within its time budget, records its findings and completes it. Used by the pipeline,
    /// which runs each track as its own work item.
    /// </summary>
    /// <returns>How the track ended.</returns>
    /// <exception cref="ArgumentException">The incident has no track <paramref name="trackNumber"/>.</exception>
    public Task<TrackReport> InvestigateTrackAsync(Incident incident, int trackNumber, IToolInvoker tools, InvestigationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(tools);
        var track = incident.FindTrack(trackNumber) ?? throw new ArgumentException($"{incident.Id} has no track #{trackNumber}.", nameof(trackNumber));
        return RunTrackAsync(incident, track, tools, options ?? new InvestigationOptions(), cancellationToken);
    }

    /// <summary>Correlates the findings of every track of <paramref name="incident"/> into a root cause, sets <see cref="Incident.RootCause"/> and records a <c>root-cause</c> event.</summary>
    /// <returns>The analysis.</returns>
    public RootCauseAnalysis Correlate(Incident incident, InvestigationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(incident);
        options ??= new InvestigationOptions();
        List<Finding> findings;
        lock (incident)
        {
            findings = incident.Tracks.SelectMany(t => t.Findings).ToList();
        }

        var analysis = _correlator.Correlate(findings);
        lock (incident)
        {
            incident.RootCause = analysis;
            incident.Record(_time.GetUtcNow(), options.Actor, "system", "root-cause", $"Root cause ({analysis.Category}, confidence {analysis.Confidence:0.##}): {analysis.RootCause}", new Dictionary<string, string>
            {
                ["category"] = analysis.Category,
                ["confidence"] = analysis.Confidence.ToString("0.##", CultureInfo.InvariantCulture),
                ["remediations"] = string.Join(",", analysis.Remediations.Select(r => r.Id)),
            });
        }

        return analysis;
    }

    private async Task<TrackReport> RunTrackAsync(Incident incident, Track track, IToolInvoker tools, InvestigationOptions options, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var actor = $"agent:{track.Kind.ToString().ToLowerInvariant()}";
        var analyst = _analysts.LastOrDefault(a => a.Kind == track.Kind);
        TrackStateMachine machine;
        lock (incident)
        {
            if (analyst is null)
            {
                Note(incident, track, actor, $"No analyst for {track.Kind} tracks: track #{track.Number} left {track.State}.");
                return new TrackReport(track.Number, track.Kind, "skipped", "no analyst", 0, TimeSpan.Zero);
            }

            machine = new TrackStateMachine(incident, track, _time);
            if (track.State == TrackState.Open)
            {
                try
                {
                    machine.Fire(TrackTrigger.Start, new TransitionContext(actor, "system"));
                }
                catch (InvalidTransitionException ex)
                {
                    Note(incident, track, actor, ex.Message);
                    return new TrackReport(track.Number, track.Kind, "skipped", ex.Message, 0, TimeSpan.Zero);
                }
            }
        }

        tools = Scope(incident, track, tools, actor);
        using var budget = new CancellationTokenSource(options.TrackTimeBudget, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var recorder = new FindingRecorder(track.Number, _time, track.Findings.Count);
        var context = new TrackContext(incident.Id, track, tools, _time)
        {
            Recorder = recorder,
            Symptoms = incident.Title,
            TokenBudget = options.TrackTokenBudget,
            Note = message =>
            {
                lock (incident)
                {
                    Note(incident, track, actor, message);
                }
            },
        };

        string outcome;
        string? note = null;
        IReadOnlyList<Finding> findings = [];
        try
        {
            // WaitAsync: a tool that ignores cancellation cannot hold the investigation beyond the budget.
            findings = await analyst.AnalyzeAsync(context, linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
            outcome = "completed";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (incident)
            {
                machine.Fire(TrackTrigger.Cancel, new TransitionContext(actor, "system", "investigation cancelled"));
            }

            return new TrackReport(track.Number, track.Kind, "cancelled", "investigation cancelled", 0, _time.GetElapsedTime(started));
        }
        catch (OperationCanceledException)
        {
            findings = recorder.Findings;
            outcome = "timed-out";
            note = $"Track #{track.Number} ({track.Kind}) ran out of its {options.TrackTimeBudget.TotalSeconds:0} s time budget; {findings.Count} finding(s) kept, the rest is unknown.";
        }
#pragma warning disable CA1031 // Stage boundary: an analyst failure becomes a timeline note, the other tracks go on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = "failed";
            note = $"Track #{track.Number} ({track.Kind}) analyst failed: {ex.Message}";
        }

        lock (incident)
        {
            foreach (var finding in findings)
            {
                track.Findings.Add(finding);
                incident.Record(finding.At, actor, "system", "finding", $"[{finding.Category}] {finding.Claim}", new Dictionary<string, string>
                {
                    ["track"] = track.Number.ToString(CultureInfo.InvariantCulture),
                    ["finding"] = finding.Id,
                    ["category"] = finding.Category ?? string.Empty,
                    ["confidence"] = finding.Confidence.ToString("0.##", CultureInfo.InvariantCulture),
                });
            }

            if (note is not null)
            {
                Note(incident, track, actor, note);
            }

            machine.Fire(TrackTrigger.Complete, new TransitionContext(actor, "system", note));
        }

        return new TrackReport(track.Number, track.Kind, outcome, note, findings.Count, _time.GetElapsedTime(started));
    }

    /// <summary>Tools that adapt to the incident are scoped to this track; what they chose goes on the timeline.</summary>
    private IToolInvoker Scope(Incident incident, Track track, IToolInvoker tools, string actor)
    {
        if (tools is not IIncidentScopedTools scoped)
        {
            return tools;
        }

        ScopedTools result;
        try
        {
            result = scoped.ScopeTo(IncidentContextReader.Read(incident), track);
        }
#pragma warning disable CA1031 // Stage boundary: the track goes on with the configured tools and says why.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = new ScopedTools(tools, [$"Tools could not be chosen for track #{track.Number} from the incident ({ex.Message}); the configured tools are used as they are."]);
        }

        lock (incident)
        {
            foreach (var note in result.Notes)
            {
                Note(incident, track, actor, note);
            }
        }

        return result.Tools;
    }

    private void Note(Incident incident, Track track, string actor, string message) =>
        incident.Record(_time.GetUtcNow(), actor, "system", "note", message, new Dictionary<string, string>
        {
            ["track"] = track.Number.ToString(CultureInfo.InvariantCulture),
        });
}
