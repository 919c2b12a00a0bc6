using System.Text.Json.Nodes;
using AgentOps.Core.Intake;
using AgentOps.Core.Model;

namespace AgentOps.Core.Tests.Intake;

public sealed class IntakeOutcomeFormatterTests
{
    private static readonly IntakeOutcome Created = new()
    {
        Status = IntakeStatus.Created,
        Source = "cli",
        MessageId = "m1@client",
        IncidentId = "INC-2026-0042",
        Correlation = "new",
        Priority = Priority.P1,
        Intent = "bug",
        SlaDeadline = new DateTimeOffset(2026, 11, 23, 14, 12, 0, TimeSpan.Zero),
        Confidence = 0.92,
        Reasons = ["urgency word 'URGENT'", "impact: payments"],
        Skills = ["task-orchestrator"],
        SignalCount = 1,
    };

    [Fact]
    public void ToJson_CreatedOutcome_HasTheKeysTheCliPromises()
    {
        // Act
        var json = JsonNode.Parse(IntakeOutcomeFormatter.ToJson(Created))!.AsObject();

        // Assert
        Assert.Equal("INC-2026-0042", (string?)json["incident"]);
        Assert.Equal("P1", (string?)json["priority"]);
        Assert.Equal("bug", (string?)json["intent"]);
        Assert.Equal("2026-11-23T14:12:00.0000000+00:00", (string?)json["sla_deadline"]);
        Assert.Equal(0.92, (double?)json["confidence"]);
        Assert.Equal(2, json["reasons"]!.AsArray().Count);
        Assert.Equal("task-orchestrator", (string?)json["skills"]![0]);
        Assert.Equal("created", (string?)json["status"]);
    }

    [Fact]
    public void ToText_CreatedOutcome_ShowsPrioritySlaAndReasons()
    {
        // Act
        var text = IntakeOutcomeFormatter.ToText(Created);

        // Assert
        Assert.StartsWith("INC-2026-0042 created: P1 bug, SLA 2026-11-23 14:12 UTC (confidence 0.92)", text, StringComparison.Ordinal);
        Assert.Contains("  - impact: payments", text, StringComparison.Ordinal);
        Assert.Contains("skills: task-orchestrator", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToText_Quarantined_ShowsTheReason()
    {
        // Act
        var text = IntakeOutcomeFormatter.ToText(IntakeOutcome.Quarantine("file:x.eml", "The file is empty."));

        // Assert
        Assert.Equal("file:x.eml: quarantined: The file is empty.", text);
    }
}
