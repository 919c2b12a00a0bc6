using AgentOps.Core.Communication;

namespace AgentOps.Core.Tests.Communication;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(45, "45 min")]
    [InlineData(105, "1h45")]
    [InlineData(240, "4h")]
    [InlineData(135, "2h15")]
    [InlineData(1500, "1d 1h")]
    [InlineData(-5, "0 min")]
    public void Format_Minutes_WrittenAsTheSeeds(int minutes, string expected)
    {
        // Act
        var text = DurationText.Format(TimeSpan.FromMinutes(minutes));

        // Assert
        Assert.Equal(expected, text);
    }
}
