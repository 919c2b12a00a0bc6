using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Sla;

namespace AgentOps.Core.Tests.Fakes;

/// <summary>An in-memory <see cref="ISlaTimers"/>: keeps, per incident, the timers of <see cref="SlaSchedule.Plan"/>, like the Quartz adapter does durably.</summary>
public sealed class RecordingSlaTimers(EscalationMatrix matrix, TimeProvider time) : ISlaTimers
{
    private readonly Dictionary<string, IReadOnlyList<SlaTimer>> _timers = new(StringComparer.OrdinalIgnoreCase);

    public int SyncCalls { get; private set; }

    public IReadOnlyList<SlaTimer> For(string incidentId) =>
        _timers.TryGetValue(incidentId, out var timers) ? timers : [];

    public Task<IReadOnlyList<SlaTimer>> SyncAsync(Incident incident, CancellationToken cancellationToken = default)
    {
        SyncCalls++;
        var plan = SlaSchedule.Plan(incident, matrix, time.GetUtcNow());
        _timers[incident.Id] = plan;
        return Task.FromResult(plan);
    }

    public Task CancelAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        _timers.Remove(incidentId);
        return Task.CompletedTask;
    }
}
