using AgentOps.Core.Triage.Evaluation;

namespace AgentOps.Core.Tests.Triage.Evaluation;

public sealed class RecallThresholdTests
{
    private static readonly (bool, double)[] Predictions =
    [
        (true, 0.9), (false, 0.8), (true, 0.7), (true, 0.5), (false, 0.45), (true, 0.3), (false, 0.2),
    ];

    [Theory]
    [InlineData(0.25, 0.9)]
    [InlineData(0.5, 0.7)]
    [InlineData(0.75, 0.5)]
    [InlineData(0.8, 0.3)]
    [InlineData(1.0, 0.3)]
    public void Choose_RecallTarget_HighestThresholdReachingIt(double minRecall, double expected)
    {
        // Act
        var threshold = RecallThreshold.Choose(Predictions, minRecall);

        // Assert
        Assert.Equal(expected, threshold);
        var recalled = Predictions.Count(p => p.Item1 && p.Item2 >= threshold) / (double)Predictions.Count(p => p.Item1);
        Assert.True(recalled >= minRecall);
    }

    [Fact]
    public void Choose_NoExampleOfTheLabel_ReturnsZero()
    {
        // Act
        var threshold = RecallThreshold.Choose([(false, 0.4)], 0.8);

        // Assert
        Assert.Equal(0, threshold);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    public void Choose_RecallOutOfRange_Throws(double minRecall)
    {
        // Act
        var error = Record.Exception(() => RecallThreshold.Choose(Predictions, minRecall));

        // Assert
        Assert.IsType<ArgumentOutOfRangeException>(error);
    }
}
