using System.Globalization;
using AgentOps.Core.Communication;
using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Dispatch;
using AgentOps.Core.Orchestration.Sla;
using AgentOps.Core.Persistence;
using AgentOps.Core.PostMortem;

namespace AgentOps.Core.Orchestration.Pipeline;

/// <summary>
/// Works one incident after intake and triage, as <c>agentops demo</c> does by hand: acknowledgement (and P1 alert),
/// planning into tracks, one work item per track investigated in parallel, correlation into a root cause. Each step
/// is a <see cref="WorkItem"/> on the <see cref="WorkDispatcher"/> (P1 first, per-skill limits, cancelled with the
/// incident), is retried with backoff when it throws, and ends on the timeline: done (<c>pipeline</c>) or failed after
/// its retries (<c>pipeline-failed</c>), never dropped.
/// </summary>
/// <remarks>
/// The caller must hold the incident's claim (<see cref="IIncidentClaimStore"/>) so that one node works it. Every save
/// goes through the store's optimistic concurrency and re-applies its change on a concurrent update (an operator, an
/// email, the SLA timers), so nothing is lost. A track runs on its own copy of the incident and its result (state,
/// findings, timeline events) is merged into the latest version in one save.
/// </remarks>
public sealed class IncidentPipeline
{
    private const int MaxRounds = 32;
    private const int MaxSaveAttempts = 20;

    private readonly IIncidentStore _store;
    private readonly WorkDispatcher _dispatcher;
    private readonly InvestigationRunner _runner;
    private readonly CommunicationService _communications;
    private readonly IToolInvoker _tools;
    private readonly InvestigationOptions _investigation;
    private readonly PipelineOptions _options;
    private readonly TimeProvider _time;
    private readonly PostMortemService? _postMortems;

    /// <summary>Creates the pipeline.</summary>
    /// <remarks>
    /// The optional <c>postMortems</c> service writes the post-mortem once the incident is resolved; without it that
    /// step only says so on the timeline.
    /// </remarks>
    public IncidentPipeline(
        IIncidentStore store,
        WorkDispatcher dispatcher,
        InvestigationRunner runner,
        CommunicationService communications,
        IToolInvoker tools,
        InvestigationOptions investigation,
        PipelineOptions options,
        TimeProvider time,
        PostMortemService? postMortems = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(dispatcher);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(communications);
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(investigation);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _dispatcher = dispatcher;
        _runner = runner;
        _communications = communications;
        _tools = tools;
        _investigation = investigation;
        _options = options;
        _time = time;
        _postMortems = postMortems;
    }

    /// <summary>
    /// Runs every step that is due on <paramref name="incidentId"/>, round after round (the steps of a round in parallel),
    /// until <see cref="PipelinePlanner.NextSteps"/> has nothing left or the incident is no longer active.
    /// </summary>
    /// <param name="incidentId">The incident, claimed by the caller.</param>
    /// <param name="node">This node's name, recorded with each step.</param>
    /// <param name="cancellationToken">Stops the pass (the node stops); running steps are cancelled and nothing half-done is saved.</param>
    /// <returns>The version the pipeline is done with, and counts.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="StoreException">The store failed where no retry helps (also when recording a failure); the caller retries the pass later.</exception>
    public async Task<PipelinePassResult> RunAsync(string incidentId, string node, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(incidentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        var run = 0;
        var failed = 0;
        var cancelled = 0;
        Incident? incident = null;
        for (var round = 0; round < MaxRounds; round++)
        {
            incident = await _store.FindAsync(incidentId, cancellationToken).ConfigureAwait(false);
            if (incident is null)
            {
                return new PipelinePassResult(incidentId, 0, null, run, failed, cancelled);
            }

            var steps = PipelinePlanner.NextSteps(incident);
            if (steps.Count == 0)
            {
                break;
            }

            var failures = new StrongBox();
            var tickets = steps
                .Select(step => _dispatcher.Enqueue(new WorkItem(incidentId, incident.Priority, step.WorkKind, step.Skill, token => RunWithRetriesAsync(incidentId, step, node, failures, token))
                {
                    Description = $"{incidentId} {step}",
                }))
                .ToList();
            try
            {
                // A step whose failure could not even be recorded (the store is down) faults here: the caller retries the pass.
                await Task.WhenAll(tickets.Select(t => t.Completion)).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The incident was cancelled (resolved, closed or merged): the next round reads its new state.
            }
            catch (OperationCanceledException)
            {
                _dispatcher.CancelIncident(incidentId);
                throw;
            }

            run += tickets.Count;
            failed += failures.Value;
            var cancelledNow = tickets.Count(t => t.State == WorkItemState.Cancelled);
            cancelled += cancelledNow;
            if (cancelledNow > 0)
            {
                incident = await RecordCancellationAsync(incidentId, cancelledNow, cancellationToken).ConfigureAwait(false) ?? incident;
                if (!PipelinePlanner.HasWork(incident.State))
                {
                    break;
                }

                // Resolved while investigating: the investigation is cancelled, the resolution email and post-mortem follow.
            }
        }

        return new PipelinePassResult(incidentId, incident?.Version ?? 0, incident?.State, run, failed, cancelled);
    }

    private async Task RunWithRetriesAsync(string incidentId, PipelineStep step, string node, StrongBox failures, CancellationToken cancellationToken)
    {
        var delay = _options.StepRetryInitialDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RunStepAsync(incidentId, step, node, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // Stage boundary: a failing step is retried, then becomes a timeline event.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (attempt >= _options.StepAttempts)
                {
                    Interlocked.Increment(ref failures.Value);
                    await RecordFailureAsync(incidentId, step, node, ex, attempt, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }

            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.StepRetryMaxDelay.Ticks));
        }
    }

    private Task RunStepAsync(string incidentId, PipelineStep step, string node, CancellationToken cancellationToken) => step.Kind switch
    {
        PipelineStepKind.Acknowledge => CommunicateAsync(incidentId, step, node, ct => _communications.AcknowledgeIfDueAsync(incidentId, ct), "Acknowledgement", cancellationToken),
        PipelineStepKind.Alert => CommunicateAsync(incidentId, step, node, ct => _communications.RaiseInternalAlertAsync(incidentId, _options.Actor, "pipeline", ct), "Internal alert", cancellationToken),
        PipelineStepKind.Plan => PlanAsync(incidentId, step, node, cancellationToken),
        PipelineStepKind.InvestigateTrack => InvestigateAsync(incidentId, step, node, cancellationToken),
        PipelineStepKind.Resolution => CommunicateAsync(incidentId, step, node,
            ct => _communications.DraftCustomerEmailAsync(incidentId, CommunicationKind.Resolution, _options.Actor, "pipeline", null, ct), "Resolution email", cancellationToken),
        PipelineStepKind.PostMortem => PostMortemAsync(incidentId, step, node, cancellationToken),
        _ => CorrelateAsync(incidentId, step, node, cancellationToken),
    };

    private async Task CommunicateAsync(
        string incidentId, PipelineStep step, string node, Func<CancellationToken, Task<CommunicationResult>> send, string what, CancellationToken cancellationToken)
    {
        var result = await send(cancellationToken).ConfigureAwait(false);
        await UpdateAsync(incidentId, i => Mark(i, step, node, $"{what}: {result.Message}"), cancellationToken).ConfigureAwait(false);
    }

    private async Task PostMortemAsync(string incidentId, PipelineStep step, string node, CancellationToken cancellationToken)
    {
        if (_postMortems is null)
        {
            await UpdateAsync(incidentId, i => Mark(i, step, node, "No post-mortem service configured: run `pm postmortem` by hand."), cancellationToken).ConfigureAwait(false);
            return;
        }

        await UpdateAsync(incidentId, incident =>
        {
            if (incident.State != IncidentState.Resolved)
            {
                return null;
            }

            new IncidentStateMachine(incident, _time).Fire(IncidentTrigger.StartPostMortem, new TransitionContext(_options.Actor, "pipeline", "resolved: writing the post-mortem"));
            return new ChangeSet();
        }, cancellationToken).ConfigureAwait(false);
        var result = await _postMortems.GeneratePostMortemAsync(incidentId, _options.Actor, "pipeline", cancellationToken).ConfigureAwait(false);
        await UpdateAsync(incidentId, i => Mark(i, step, node, $"Post-mortem: {result.Message}"), cancellationToken).ConfigureAwait(false);
    }

    private Task PlanAsync(string incidentId, PipelineStep step, string node, CancellationToken cancellationToken) =>
        UpdateAsync(incidentId, incident =>
        {
            var now = _time.GetUtcNow();
            if (incident.Tracks.Count == 0)
            {
                incident.Brief ??= InvestigationPlanner.CreateBrief(incident);
                incident.Record(now, _options.Actor, "pipeline", "plan",
                    $"Investigation brief '{incident.Brief.Name}' written: {incident.Brief.Hypotheses.Count} hypotheses, {incident.Brief.ResolutionCriteria.Count} resolution criteria.",
                    new Dictionary<string, string> { ["command"] = "prd-new" });
                incident.Plan ??= InvestigationPlanner.CreatePlan(incident, incident.Brief);
                incident.Record(now, _options.Actor, "pipeline", "plan", $"Investigation plan: {string.Join(", ", incident.Plan.Components.Select(c => c.Kind))}.",
                    new Dictionary<string, string> { ["command"] = "prd-parse" });
                var created = InvestigationPlanner.Decompose(incident, incident.Plan);
                incident.Record(now, _options.Actor, "pipeline", "plan", $"Created {created.Count} tracks: {string.Join(", ", created.Select(t => $"#{t.Number} {t.Kind}"))}.",
                    new Dictionary<string, string> { ["command"] = "epic-decompose" });
            }

            if (incident.State is IncidentState.New or IncidentState.Triaged)
            {
                new IncidentStateMachine(incident, _time).Fire(IncidentTrigger.Investigate, new TransitionContext(_options.Actor, "pipeline", "investigation planned"));
            }

            return Mark(incident, step, node, $"Planned {incident.Tracks.Count} tracks; investigating.");
        }, cancellationToken);

    private async Task InvestigateAsync(string incidentId, PipelineStep step, string node, CancellationToken cancellationToken)
    {
        var number = step.TrackNumber!.Value;
        var copy = await _store.FindAsync(incidentId, cancellationToken).ConfigureAwait(false);
        if (copy?.FindTrack(number) is not { State: TrackState.Open or TrackState.InProgress } track)
        {
            return;
        }

        var before = copy.Timeline.Count;
        var report = await _runner.InvestigateTrackAsync(copy, number, _tools, _investigation, cancellationToken).ConfigureAwait(false);

        // Cancelled: the incident was resolved or the node stops; nothing half-done is saved.
        cancellationToken.ThrowIfCancellationRequested();
        var produced = copy.Timeline.Skip(before).ToList();
        await UpdateAsync(incidentId, latest =>
        {
            var target = latest.FindTrack(number);
            if (target is null || target.State is TrackState.Done or TrackState.Cancelled || PipelinePlanner.RecordedSteps(latest).Contains(step.Key))
            {
                return null;
            }

            target.State = track.State;
            target.StateReason = track.StateReason;
            target.Assignee ??= track.Assignee;
            target.Findings.Clear();
            target.Findings.AddRange(track.Findings);
            foreach (var e in produced)
            {
                latest.Record(e.At, e.Actor, e.Source, e.Kind, e.Message, e.Data);
            }

            return Mark(latest, step, node, string.Create(CultureInfo.InvariantCulture,
                $"Track #{number} ({track.Kind}) investigated: {report.Outcome}, {report.FindingCount} finding(s) in {report.Elapsed.TotalMilliseconds:0} ms."));
        }, cancellationToken).ConfigureAwait(false);
    }

    private Task CorrelateAsync(string incidentId, PipelineStep step, string node, CancellationToken cancellationToken) =>
        UpdateAsync(incidentId, incident =>
        {
            var analysis = incident.RootCause ?? _runner.Correlate(incident, _investigation);
            return Mark(incident, step, node, string.Create(CultureInfo.InvariantCulture,
                $"Findings of {incident.Tracks.Count(t => t.Kind != TrackKind.Fix)} tracks correlated: {analysis.Category} (confidence {analysis.Confidence:0.##})."));
        }, cancellationToken);

    private Task RecordFailureAsync(string incidentId, PipelineStep step, string node, Exception exception, int attempts, CancellationToken cancellationToken) =>
        UpdateAsync(incidentId, incident =>
        {
            incident.Record(_time.GetUtcNow(), _options.Actor, "pipeline", PipelinePlanner.FailedEventKind,
                $"Pipeline step {step} failed after {attempts} attempt(s): {exception.Message}",
                new Dictionary<string, string>
                {
                    [PipelinePlanner.StepKey] = step.Key,
                    ["node"] = node,
                    ["attempts"] = attempts.ToString(CultureInfo.InvariantCulture),
                    ["error"] = exception.GetType().Name,
                });
            return new ChangeSet();
        }, cancellationToken);

    private Task<Incident?> RecordCancellationAsync(string incidentId, int count, CancellationToken cancellationToken) =>
        UpdateAsync(incidentId, i =>
        {
            i.Record(_time.GetUtcNow(), _options.Actor, "pipeline", PipelinePlanner.StepEventKind,
                string.Create(CultureInfo.InvariantCulture, $"{count} pipeline work item(s) cancelled: the incident is {i.State}."));
            return new ChangeSet();
        }, cancellationToken);

    private ChangeSet Mark(Incident incident, PipelineStep step, string node, string message)
    {
        incident.Record(_time.GetUtcNow(), _options.Actor, "pipeline", PipelinePlanner.StepEventKind, message, new Dictionary<string, string>
        {
            [PipelinePlanner.StepKey] = step.Key,
            ["node"] = node,
        });
        return new ChangeSet();
    }

    /// <summary>
    /// Load, change, save; on a concurrent save (the tracks of the incident commit in parallel) reload and re-apply,
    /// after a short random pause so that parallel writers spread out.
    /// </summary>
    /// <exception cref="ConcurrencyException">Still conflicting after <see cref="MaxSaveAttempts"/> tries (the step's retry takes over).</exception>
    private Task<Incident?> UpdateAsync(string incidentId, Func<Incident, ChangeSet?> change, CancellationToken cancellationToken) =>
        IncidentUpdater.UpdateAsync(_store, incidentId, change, cancellationToken, MaxSaveAttempts, _time);

    /// <summary>A counter shared by the work items of one round.</summary>
    private sealed class StrongBox
    {
        public int Value;
    }
}
