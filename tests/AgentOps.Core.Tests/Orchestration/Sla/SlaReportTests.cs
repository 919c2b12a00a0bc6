using System.Text.Json;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Sla;

namespace AgentOps.Core.Tests.Orchestration.Sla;

public sealed class SlaReportTests
{
    [Fact]
    public void Create_MixedIncidents_KeepsOpenOnesWithSlaMostUrgentFirst()
    {
        // Arrange
        var relaxed = SlaTestData.Incident(Priority.P3, "INC-2026-0001");
        relaxed.AcknowledgedAt = SlaTestData.Start;
        var urgent = SlaTestData.Incident(Priority.P1, "INC-2026-0002");
        var closed = SlaTestData.Incident(Priority.P1, "INC-2026-0003");
        closed.State = IncidentState.Closed;
        var noSla = SlaTestData.Incident(Priority.P2, "INC-2026-0004");
        noSla.Sla = null;

        // Act
        var report = SlaReport.Create([relaxed, urgent, closed, noSla], SlaTestData.Start.AddMinutes(20));

        // Assert
        Assert.Equal(["INC-2026-0002", "INC-2026-0001"], report.Entries.Select(e => e.IncidentId));
        Assert.Equal(1, report.WithoutSla);
        var entry = report.Entries[0];
        Assert.Equal(TimeSpan.FromMinutes(-5), entry.AcknowledgeLeft);
        Assert.True(entry.AcknowledgeBreached);
        Assert.False(entry.ResolveBreached);
        Assert.Null(report.Entries[1].AcknowledgeLeft);
        Assert.Equal(["INC-2026-0002"], report.Breaches.Select(e => e.IncidentId));
    }

    [Fact]
    public void ToData_BreachedIncident_GivesNegativeSecondsLeft()
    {
        // Arrange
        var report = SlaReport.Create([SlaTestData.Incident()], SlaTestData.Start.AddHours(5));

        // Act
        var json = JsonSerializer.Serialize(report.ToData());

        // Assert
        using var doc = JsonDocument.Parse(json);
        var incident = doc.RootElement.GetProperty("incidents")[0];
        Assert.Equal(-3600, incident.GetProperty("resolve_left_seconds").GetInt64());
        Assert.True(incident.GetProperty("resolve_breached").GetBoolean());
        Assert.Equal("INC-2026-0001", doc.RootElement.GetProperty("breaches")[0].GetString());
    }

    [Theory]
    [InlineData(false, "No open incidents.")]
    [InlineData(true, "No open incident has an SLA (1 without).")]
    public void ToText_NothingWithSla_SaysSo(bool oneWithoutSla, string expected)
    {
        // Arrange
        var incident = SlaTestData.Incident();
        incident.Sla = null;
        var report = SlaReport.Create(oneWithoutSla ? [incident] : [], SlaTestData.Start);

        // Act
        var text = report.ToText();

        // Assert
        Assert.Equal(expected, text);
    }
}
