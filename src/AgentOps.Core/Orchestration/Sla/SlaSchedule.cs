using AgentOps.Core.Model;

namespace AgentOps.Core.Orchestration.Sla;

/// <summary>
/// The timers an incident needs now, computed from its SLA, its state and the SLA steps already on its timeline.
/// Pure: the scheduler adapter makes the scheduled timers equal to this plan, so scheduling is idempotent and a
/// restart, an acknowledgement or a resolution is just "plan again".
/// </summary>
public static class SlaSchedule
{
    /// <summary>The timeline data key that marks an SLA step as done.</summary>
    public const string StepDataKey = "sla-step";

    /// <summary>The timers <paramref name="incident"/> needs at <paramref name="now"/>.</summary>
    public static IReadOnlyList<SlaTimer> Plan(Incident incident, EscalationMatrix matrix, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(matrix);
        if (incident.Sla is not { } sla || !IsActive(incident.State))
        {
            return [];
        }

        var done = DoneSteps(incident);
        var timers = new List<SlaTimer>();
        var remind = matrix.ReminderBefore > TimeSpan.Zero;
        if (incident.AcknowledgedAt is null)
        {
            if (remind && now < sla.AcknowledgeBy && !done.Contains("ack-reminder"))
            {
                timers.Add(new SlaTimer(incident.Id, SlaTimerKind.AcknowledgeReminder, 0, sla.AcknowledgeBy - matrix.ReminderBefore));
            }

            var pagesDone = done.Count(s => s.StartsWith("page-", StringComparison.Ordinal));
            if (PageDue(incident.Priority, pagesDone + 1, sla.AcknowledgeBy, matrix) is { } due)
            {
                timers.Add(new SlaTimer(incident.Id, SlaTimerKind.Page, pagesDone + 1, due));
            }
        }

        if (incident.ResolvedAt is null)
        {
            if (remind && now < sla.ResolveBy && !done.Contains("resolve-reminder"))
            {
                timers.Add(new SlaTimer(incident.Id, SlaTimerKind.ResolveReminder, 0, sla.ResolveBy - matrix.ReminderBefore));
            }

            if (!done.Contains("resolve-breach"))
            {
                timers.Add(new SlaTimer(incident.Id, SlaTimerKind.ResolveBreach, 0, sla.ResolveBy));
            }
        }

        return timers;
    }

    /// <summary>When page <paramref name="page"/> is due: page 1 at the acknowledgement deadline, each next one a step's delay later.</summary>
    /// <returns>Null when the ladder has no such page.</returns>
    public static DateTimeOffset? PageDue(Priority priority, int page, DateTimeOffset acknowledgeBy, EscalationMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.StepFor(priority, page) is null)
        {
            return null;
        }

        var due = acknowledgeBy;
        for (var k = 1; k < page; k++)
        {
            due += matrix.StepFor(priority, k)!.NextAfter;
        }

        return due;
    }

    /// <summary>Whether SLA timers apply in <paramref name="state"/> (the incident is not resolved nor closed).</summary>
    public static bool IsActive(IncidentState state) =>
        state is IncidentState.New or IncidentState.Triaged or IncidentState.Investigating or IncidentState.Mitigating;

    /// <summary>The SLA step keys recorded on the timeline.</summary>
    public static HashSet<string> DoneSteps(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return incident.Timeline
            .Select(e => e.Data.TryGetValue(StepDataKey, out var step) ? step : null)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
    }
}
