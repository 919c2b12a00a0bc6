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

    [Fact]
    public void Choose_WithConfidence_TakesTheBinomialOrderStatistic()
    {
        // Arrange: ten positives at 1.0, 0.9, ..., 0.1; P(Bin(10, 0.5) >= 9) = 11/1024 <= 0.05 < P(>= 8) = 56/1024.
        var predictions = Enumerable.Range(1, 10).Select(i => (true, i / 10.0)).Append((false, 0.95)).ToList();

        // Act
        var plain = RecallThreshold.Choose(predictions, 0.5);
        var confident = RecallThreshold.Choose(predictions, 0.5, 0.95);

        // Assert
        Assert.Equal(0.6, plain);
        Assert.Equal(0.2, confident);
    }

    [Fact]
    public void Choose_WithConfidenceOnManyPositives_MarginOfAboutOnePointSixFiveStandardErrors()
    {
        // Arrange: 483 positives (the `high` tickets of a training part of the tickets set); no underflow of 0.2^483.
        var predictions = Enumerable.Range(1, 483).Select(i => (true, i / 1000.0)).ToList();

        // Act
        var threshold = RecallThreshold.Choose(predictions, 0.8, 0.95);

        // Assert: the k-th most probable, k = 0.8 × 483 + 1.645 × sqrt(483 × 0.8 × 0.2) ≈ 401, is 0.083.
        var k = 484 - (int)Math.Round(threshold * 1000);
        Assert.InRange(k, 398, 404);
    }

    [Fact]
    public void Choose_WithConfidenceButTooFewPositives_TakesTheLowest()
    {
        // Act
        var threshold = RecallThreshold.Choose(Predictions, 0.8, 0.95);

        // Assert
        Assert.Equal(0.3, threshold);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Choose_ConfidenceOutOfRange_Throws(double confidence)
    {
        // Act
        var error = Record.Exception(() => RecallThreshold.Choose(Predictions, 0.8, confidence));

        // Assert
        Assert.IsType<ArgumentOutOfRangeException>(error);
    }
}
