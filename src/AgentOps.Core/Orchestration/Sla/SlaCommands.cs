using System.Globalization;
using AgentOps.Core.Commands;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Core.Orchestration.Sla;

/// <summary>
/// The verbs <c>pm ack</c>, <c>pm escalate</c> and <c>sla</c>. User errors (unknown incident, already acknowledged,
/// closed incident) come back as failed <see cref="CommandResult"/>s, never as exceptions.
/// </summary>
public sealed class SlaCommands(IIncidentStore store, EscalationMatrix matrix, ISlaTimers timers, TimeProvider time)
{
    /// <summary>Acknowledges <paramref name="incidentId"/>: the paging stops (its page timers are removed, and a page that fires anyway does nothing).</summary>
    /// <exception cref="StoreException">The store cannot be used.</exception>
    /// <remarks>
    /// The acknowledgement is saved before the timers are updated; if the scheduler's store then fails, the exception
    /// propagates but the incident stays acknowledged, and its remaining pages do nothing when they fire.
    /// </remarks>
    public async Task<CommandResult> AcknowledgeAsync(string incidentId, CommandActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incidentId);
        ArgumentNullException.ThrowIfNull(actor);
        try
        {
            var incident = await IncidentUpdater.UpdateAsync(store, incidentId.ToUpperInvariant(), i =>
            {
                new IncidentStateMachine(i, time).Fire(IncidentTrigger.Acknowledge, new TransitionContext(actor.Name, actor.Source));
                return new ChangeSet();
            }, cancellationToken).ConfigureAwait(false);
            if (incident is null)
            {
                return Unknown(incidentId);
            }

            var remaining = await timers.SyncAsync(incident, cancellationToken).ConfigureAwait(false);
            var next = remaining.Where(t => t.Kind == SlaTimerKind.ResolveBreach).Select(t => $" Resolution due {t.DueAt:yyyy-MM-dd HH:mm}Z.").FirstOrDefault();
            return CommandResult.Ok(
                $"{incident.Id} acknowledged by {actor.Name} at {incident.AcknowledgedAt:HH:mm}Z; paging stopped.{next}",
                new { incident = incident.Id, acknowledged_at = incident.AcknowledgedAt, acknowledged_by = actor.Name, timers = remaining.Select(t => new { step = t.Step, due = t.DueAt }).ToList() });
        }
        catch (InvalidTransitionException ex)
        {
            return CommandResult.Failure(ex.Message);
        }
    }

    /// <summary>Escalates <paramref name="incidentId"/> one level by hand and alerts that level's targets.</summary>
    /// <exception cref="StoreException">The store cannot be used.</exception>
    public async Task<CommandResult> EscalateAsync(string incidentId, string? reason, CommandActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incidentId);
        ArgumentNullException.ThrowIfNull(actor);
        IReadOnlyList<EscalationTarget> targets = [];
        try
        {
            var incident = await IncidentUpdater.UpdateAsync(store, incidentId.ToUpperInvariant(), i =>
            {
                var why = string.IsNullOrWhiteSpace(reason) ? "escalated by hand" : reason;
                new IncidentStateMachine(i, time).Fire(IncidentTrigger.Escalate, new TransitionContext(actor.Name, actor.Source, why));
                targets = matrix.TargetsForLevel(i.Priority, i.EscalationLevel);
                var changes = new ChangeSet();
                var key = string.Create(CultureInfo.InvariantCulture, $"manual-escalation-{i.Timeline.Count}");
                SlaAlert.Add(changes, i, key, "escalation", $"{actor.Name} escalated {i.Id} to level {i.EscalationLevel}: {why}", targets, time.GetUtcNow());
                return changes;
            }, cancellationToken).ConfigureAwait(false);
            if (incident is null)
            {
                return Unknown(incidentId);
            }

            var who = targets.Count == 0 ? "no escalation policy for this priority: nobody alerted" : $"alerted {string.Join(", ", targets.Select(t => t.Name))}";
            return CommandResult.Ok(
                string.Create(CultureInfo.InvariantCulture, $"{incident.Id} escalated to level {incident.EscalationLevel}; {who}."),
                new { incident = incident.Id, level = incident.EscalationLevel, targets = targets.Select(t => t.Name).ToList() });
        }
        catch (InvalidTransitionException ex)
        {
            return CommandResult.Failure(ex.Message);
        }
    }

    /// <summary>The SLA report of the open incidents (<c>agentops sla</c>).</summary>
    /// <exception cref="StoreException">The store cannot be used.</exception>
    public async Task<CommandResult> ReportAsync(CancellationToken cancellationToken = default)
    {
        var report = await CreateReportAsync(cancellationToken).ConfigureAwait(false);
        return CommandResult.Ok(report.ToText(), report.ToData());
    }

    /// <summary>The SLA report of the open incidents, for <c>status</c> and <c>standup</c> to add <see cref="SlaReport.Summary"/>.</summary>
    /// <exception cref="StoreException">The store cannot be used.</exception>
    public async Task<SlaReport> CreateReportAsync(CancellationToken cancellationToken = default)
    {
        var open = await store.ListSummariesAsync(IncidentQuery.Open with { Limit = 10_000 }, cancellationToken).ConfigureAwait(false);
        return SlaReport.Create(open, time.GetUtcNow());
    }

    private static CommandResult Unknown(string incidentId) =>
        CommandResult.Failure($"No incident {incidentId}. 'pm incident-list' shows the incidents.");
}
