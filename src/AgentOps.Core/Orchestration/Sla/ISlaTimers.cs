using AgentOps.Core.Model;

namespace AgentOps.Core.Orchestration.Sla;

/// <summary>
/// Durable SLA timers (Quartz in production). Implementations make the scheduled timers of an incident equal to
/// <see cref="SlaSchedule.Plan"/>: call <see cref="SyncAsync"/> after creating, acknowledging, resolving or re-prioritizing
/// an incident; it adds, moves and removes timers and is safe to call any number of times.
/// </summary>
public interface ISlaTimers
{
    /// <summary>Brings the timers of <paramref name="incident"/> in line with its plan (an acknowledged incident loses its pages).</summary>
    /// <returns>The timers scheduled after the call.</returns>
    Task<IReadOnlyList<SlaTimer>> SyncAsync(Incident incident, CancellationToken cancellationToken = default);

    /// <summary>Removes every timer of the incident (resolved, merged or deleted).</summary>
    Task CancelAsync(string incidentId, CancellationToken cancellationToken = default);
}
