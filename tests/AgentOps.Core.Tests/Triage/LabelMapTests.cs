using AgentOps.Core.Model;
using AgentOps.Core.Triage;

namespace AgentOps.Core.Tests.Triage;

public sealed class LabelMapTests
{
    [Fact]
    public void Parse_PriorityWords_MapsBothWays()
    {
        // Arrange
        var map = LabelMap.Parse("high=P1,medium=P2,low=P3");

        // Act
        var high = map.ToPriority("HIGH");
        var fromP4 = map.ToLabel("P4");
        var fromP2 = map.ToLabel("P2");

        // Assert
        Assert.Equal(TriageDimensions.Priority, map.Target);
        Assert.Equal(Priority.P1, high);
        Assert.Equal("low", fromP4);
        Assert.Equal("medium", fromP2);
    }

    [Fact]
    public void Parse_IntentsWithSeveralValues_CountsEachAsTheLabel()
    {
        // Arrange
        var map = LabelMap.Parse("bug=bug+outage+performance,feature=feature-request,question=question");

        // Act
        var outage = map.ToLabel("outage");
        var billing = map.ToLabel("billing");

        // Assert
        Assert.Equal(TriageDimensions.Intent, map.Target);
        Assert.Equal("bug", outage);
        Assert.Equal("(billing)", billing);
        Assert.Equal("feature-request", map.ToValue("feature"));
    }

    [Theory]
    [InlineData("high=P1,medium=bug", "mixes priorities and intents")]
    [InlineData("high", "expected label=VALUE")]
    [InlineData("high=P9", "mixes priorities and intents or uses an unknown value")]
    [InlineData("high=P1,high=P2", "mapped twice")]
    public void Parse_BadMapping_ThrowsUserMessage(string text, string message)
    {
        // Act
        var error = Assert.Throws<TriageDataException>(() => LabelMap.Parse(text));

        // Assert
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToValue_UnknownLabel_ThrowsNamingIt()
    {
        // Arrange
        var map = LabelMap.Parse("high=P1,low=P3");

        // Act
        var error = Assert.Throws<TriageDataException>(() => map.ToValue("urgent"));

        // Assert
        Assert.Contains("'urgent' is not in the mapping", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_WordLabels_AsksForAMapping()
    {
        // Act
        var error = Assert.Throws<TriageDataException>(() => LabelMap.Identity(["high", "low"]));
        var identity = LabelMap.Identity(["P1", "P3"]);

        // Assert
        Assert.Contains("give a mapping", error.Message, StringComparison.Ordinal);
        Assert.Equal(Priority.P3, identity.ToPriority("P3"));
    }
}
