using System.Globalization;
using AgentOps.Core.Commands;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Core.Telemetry;

namespace AgentOps.Core.Orchestration.Sla;

/// <summary>
/// What SLA timers do when they fire: remind before deadlines, page the escalation ladder while nobody acknowledges,
/// escalate on a breached resolution deadline. Each step is recorded on the timeline with its key, so a retried or
/// recovered firing never does it twice; the alert goes to the outbox in the same save. Called by the scheduler's jobs.
/// </summary>
public sealed class SlaEscalator(IIncidentStore store, EscalationMatrix matrix, ISlaTimers timers, TimeProvider time)
{
    /// <summary>The actor of scheduler transitions.</summary>
    public const string Actor = "scheduler";

    /// <summary>The source of scheduler transitions.</summary>
    public const string Source = "sla";

    /// <summary>Does SLA step <paramref name="step"/> (an <see cref="SlaTimer.Step"/> key) of <paramref name="incidentId"/>, then schedules the next timers.</summary>
    /// <exception cref="ArgumentException"><paramref name="step"/> is not a step key.</exception>
    /// <exception cref="StoreException">The store cannot be used (the job retries).</exception>
    public async Task<SlaFireResult> FireAsync(string incidentId, string step, CancellationToken cancellationToken = default)
    {
        if (!SlaTimer.TryParseStep(step, out var kind, out var page))
        {
            throw new ArgumentException($"'{step}' is not an SLA step.", nameof(step));
        }

        var result = SlaFireResult.NotNeeded;
        var incident = await IncidentUpdater.UpdateAsync(store, incidentId, i =>
        {
            result = Decide(i, kind, page, step, out var changes);
            return changes;
        }, cancellationToken).ConfigureAwait(false);

        if (incident is null)
        {
            await timers.CancelAsync(incidentId, cancellationToken).ConfigureAwait(false);
            return SlaFireResult.IncidentGone;
        }

        if (result == SlaFireResult.Fired && (kind == SlaTimerKind.ResolveBreach || (kind == SlaTimerKind.Page && page == 1)))
        {
            AgentOpsMetrics.RecordSlaBreach(incident.Priority, kind == SlaTimerKind.ResolveBreach ? "resolve" : "acknowledge");
        }

        await timers.SyncAsync(incident, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Records on the timeline that SLA step <paramref name="step"/> failed for good (retries exhausted), with an alert,
    /// so the failure is never silent. The step stays undone: the next sweep schedules it again.
    /// </summary>
    /// <returns>False when the incident does not exist.</returns>
    public async Task<bool> RecordFailureAsync(string incidentId, string step, string error, int attempts, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var incident = await IncidentUpdater.UpdateAsync(store, incidentId, i =>
        {
            var failures = i.Timeline.Count(e => e.Kind == "job-failed");
            var message = string.Create(CultureInfo.InvariantCulture, $"SLA step {step} failed after {attempts} attempts: {error}");
            i.Record(now, Actor, Source, "job-failed", message, new Dictionary<string, string> { ["step"] = step, ["attempts"] = attempts.ToString(CultureInfo.InvariantCulture) });
            var changes = new ChangeSet();
            SlaAlert.Add(changes, i, $"job-failed-{failures + 1}", "job-failed", message, matrix.TargetsForLevel(i.Priority, Math.Max(1, i.EscalationLevel)), now);
            return changes;
        }, cancellationToken).ConfigureAwait(false);
        return incident is not null;
    }

    private SlaFireResult Decide(Incident incident, SlaTimerKind kind, int page, string step, out ChangeSet? changes)
    {
        changes = null;
        if (SlaSchedule.DoneSteps(incident).Contains(step))
        {
            return SlaFireResult.AlreadyDone;
        }

        if (incident.Sla is not { } sla || !SlaSchedule.IsActive(incident.State))
        {
            return SlaFireResult.NotNeeded;
        }

        var now = time.GetUtcNow();
        var data = new Dictionary<string, string> { [SlaSchedule.StepDataKey] = step };
        switch (kind)
        {
            case SlaTimerKind.AcknowledgeReminder when incident.AcknowledgedAt is null:
            {
                var message = $"Reminder: acknowledgement due at {sla.AcknowledgeBy:yyyy-MM-dd HH:mm}Z ({Left(sla.AcknowledgeBy, now)}).";
                incident.Record(now, Actor, Source, "sla", message, data);
                changes = new ChangeSet();
                SlaAlert.Add(changes, incident, step, "reminder", message, matrix.StepFor(incident.Priority, 1)?.Targets ?? [], now);
                return SlaFireResult.Fired;
            }

            case SlaTimerKind.Page when incident.AcknowledgedAt is null && matrix.StepFor(incident.Priority, page) is { } ladder:
            {
                var names = string.Join(", ", ladder.Targets.Select(t => t.Name));
                var message = ladder.IsRepeat
                    ? string.Create(CultureInfo.InvariantCulture, $"Still not acknowledged: paging level {ladder.Level} again ({names}), page {page}.")
                    : string.Create(CultureInfo.InvariantCulture, $"Not acknowledged by {sla.AcknowledgeBy:HH:mm}Z: paging level {ladder.Level} ({names}).");
                if (!ladder.IsRepeat)
                {
                    new IncidentStateMachine(incident, time).Fire(IncidentTrigger.Escalate, new TransitionContext(Actor, Source, message));
                }

                data["level"] = ladder.Level.ToString(CultureInfo.InvariantCulture);
                data["targets"] = names;
                incident.Record(now, Actor, Source, "escalation", message, data);
                changes = new ChangeSet();
                SlaAlert.Add(changes, incident, step, "escalation", message, ladder.Targets, now);
                return SlaFireResult.Fired;
            }

            case SlaTimerKind.ResolveReminder when incident.ResolvedAt is null:
            {
                var message = $"Reminder: resolution due at {sla.ResolveBy:yyyy-MM-dd HH:mm}Z ({Left(sla.ResolveBy, now)}).";
                incident.Record(now, Actor, Source, "sla", message, data);
                changes = new ChangeSet();
                SlaAlert.Add(changes, incident, step, "reminder", message, matrix.TargetsForLevel(incident.Priority, Math.Max(1, incident.EscalationLevel)), now);
                return SlaFireResult.Fired;
            }

            case SlaTimerKind.ResolveBreach when incident.ResolvedAt is null:
            {
                var message = $"Resolution deadline {sla.ResolveBy:yyyy-MM-dd HH:mm}Z breached.";
                new IncidentStateMachine(incident, time).Fire(IncidentTrigger.Escalate, new TransitionContext(Actor, Source, message));
                incident.Record(now, Actor, Source, "sla", message, data);
                changes = new ChangeSet();
                SlaAlert.Add(changes, incident, step, "breach", message, matrix.TargetsForLevel(incident.Priority, incident.EscalationLevel), now);
                return SlaFireResult.Fired;
            }

            default:
                return SlaFireResult.NotNeeded;
        }
    }

    private static string Left(DateTimeOffset deadline, DateTimeOffset now) =>
        deadline >= now ? $"in {IncidentViews.Duration(deadline - now)}" : $"{IncidentViews.Duration(now - deadline)} ago";
}
