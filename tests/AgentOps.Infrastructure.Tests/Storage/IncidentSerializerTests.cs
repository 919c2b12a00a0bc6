using System.Text.Json;
using AgentOps.Infrastructure.Storage;

namespace AgentOps.Infrastructure.Tests.Storage;

public sealed class IncidentSerializerTests
{
    [Fact]
    public void Serialize_FullyPopulatedIncident_RoundTripsEverythingButTimelineAndVersion()
    {
        // Arrange
        var incident = SampleIncidents.FullyPopulated("INC-2026-0042");
        incident.Version = 5;

        // Act
        var json = IncidentSerializer.Serialize(incident);
        var restored = IncidentSerializer.Deserialize(json);

        // Assert
        Assert.Empty(restored.Timeline);
        Assert.Equal(0, restored.Version);
        restored.LoadTimeline(incident.Timeline.Select(e => IncidentSerializer.DeserializeEvent(IncidentSerializer.SerializeEvent(e))));
        restored.Version = incident.Version;
        DeepAssert.Equal(incident, restored);
    }

    [Fact]
    public void Serialize_Enums_AreWrittenAsNames()
    {
        // Arrange
        var incident = SampleIncidents.FullyPopulated("INC-2026-0042");

        // Act
        var json = IncidentSerializer.Serialize(incident);

        // Assert
        Assert.Contains("\"state\":\"Mitigating\"", json, StringComparison.Ordinal);
        Assert.Contains("\"priority\":\"P1\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"timeline\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_MissingRequiredField_ThrowsJsonException()
    {
        // Act
        var read = () => IncidentSerializer.Deserialize("{\"title\":\"no id\"}");

        // Assert
        Assert.Throws<JsonException>(read);
    }
}
