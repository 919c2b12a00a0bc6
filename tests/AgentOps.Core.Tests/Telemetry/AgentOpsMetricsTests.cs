using System.Diagnostics.Metrics;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Core.Telemetry;

namespace AgentOps.Core.Tests.Telemetry;

public sealed class AgentOpsMetricsTests
{
    [Fact]
    public void Instruments_AreAllOnTheAgentOpsMeterWithAgentOpsNames()
    {
        // Arrange
        var names = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == AgentOpsMetrics.MeterName)
                {
                    names.Add(instrument.Name);
                }
            },
        };

        // Act
        AgentOpsMetrics.RecordSignal("email");
        listener.Start();

        // Assert
        Assert.Equal(
            ["agentops.github.api.calls", "agentops.github.rate_limit.remaining", "agentops.incidents", "agentops.outbox.deliveries", "agentops.outbox.depth",
             "agentops.signals.received", "agentops.sla.breaches", "agentops.triage.latency"],
            names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void IncidentsGauge_ReportsTheLastCountsSetWithTheirLabels()
    {
        // Arrange
        var observed = new List<(long Value, string Labels)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == AgentOpsMetrics.MeterName && instrument.Name == "agentops.incidents")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            observed.Add((value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();
        AgentOpsMetrics.SetIncidentCounts([new IncidentCount(IncidentState.Investigating, Priority.P1, 3), new IncidentCount(IncidentState.New, Priority.P4, 7)]);

        // Act
        listener.RecordObservableInstruments();

        // Assert
        Assert.Equal([(3L, "priority=P1,state=Investigating"), (7L, "priority=P4,state=New")], observed);
    }
}
