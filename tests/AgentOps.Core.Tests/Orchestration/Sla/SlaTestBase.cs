using AgentOps.Core.Orchestration.Sla;
using AgentOps.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace AgentOps.Core.Tests.Orchestration.Sla;

/// <summary>A fake clock at <see cref="SlaTestData.Start"/>, an in-memory store, the seed matrix and in-memory timers.</summary>
public abstract class SlaTestBase
{
    protected SlaTestBase()
    {
        Timers = new RecordingSlaTimers(Matrix, Time);
    }

    protected FakeTimeProvider Time { get; } = new(SlaTestData.Start);

    protected OrchestrationInMemoryIncidentStore Store { get; } = new();

    protected EscalationMatrix Matrix { get; } = SlaTestData.Matrix();

    protected RecordingSlaTimers Timers { get; }
}
