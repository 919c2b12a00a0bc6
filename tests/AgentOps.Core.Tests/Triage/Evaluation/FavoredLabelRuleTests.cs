using AgentOps.Core.Triage.Evaluation;

namespace AgentOps.Core.Tests.Triage.Evaluation;

public sealed class FavoredLabelRuleTests
{
    [Fact]
    public void Choose_OtherLabelUnderPredicted_WeightsItUpWithoutChangingTheFavoredRecall()
    {
        // Arrange: "low" is never the most probable label, though its probability is higher on low examples.
        var heldOut = new List<(string, IReadOnlyDictionary<string, double>)>();
        for (var i = 0; i < 10; i++)
        {
            heldOut.Add(("high", P(0.6, 0.25, 0.15)));
            heldOut.Add(("medium", P(0.2, 0.5, 0.3)));
            heldOut.Add(("low", P(0.2, 0.45, 0.35)));
        }

        // Act
        var rule = FavoredLabelRule.Choose(heldOut, "high", 0.8);
        var predicted = heldOut.Select(h => rule.Decide(h.Item2)).ToList();

        // Assert
        Assert.Equal(0.6, rule.Threshold);
        Assert.Equal(1.0, rule.Weights["low"]);
        Assert.InRange(rule.Weights["medium"], 0.7, 0.77);
        Assert.Equal(10, predicted.Count(p => p == "high"));
        var report = TriageEvaluator.Evaluate([.. heldOut.Select(h => h.Item1)], predicted);
        Assert.True(report.MacroF1 > 0.65, $"macro-F1 {report.MacroF1}");
        Assert.Equal("high from 0.600, then low×1, medium×0.7", rule.ToString());
    }

    [Fact]
    public void Choose_ArgmaxAlreadyBest_KeepsWeightsAtOne()
    {
        // Arrange
        var heldOut = new List<(string, IReadOnlyDictionary<string, double>)>
        {
            ("high", P(0.7, 0.2, 0.1)), ("medium", P(0.1, 0.8, 0.1)), ("low", P(0.1, 0.2, 0.7)),
        };

        // Act
        var rule = FavoredLabelRule.Choose(heldOut, "high", 1.0);

        // Assert
        Assert.All(rule.Weights.Values, w => Assert.Equal(1.0, w));
        Assert.Equal(["high", "medium", "low"], heldOut.Select(h => rule.Decide(h.Item2)));
    }

    [Fact]
    public void Decide_FavoredAtThreshold_WinsOverAMoreProbableLabel()
    {
        // Arrange
        var heldOut = new List<(string, IReadOnlyDictionary<string, double>)> { ("high", P(0.3, 0.6, 0.1)), ("medium", P(0.1, 0.8, 0.1)) };
        var rule = FavoredLabelRule.Choose(heldOut, "high", 1.0);

        // Act
        var decided = rule.Decide(P(0.3, 0.6, 0.1));

        // Assert
        Assert.Equal(0.3, rule.Threshold);
        Assert.Equal("high", decided);
    }

    [Fact]
    public void Choose_NoHeldOutExample_Throws()
    {
        // Act
        var error = Record.Exception(() => FavoredLabelRule.Choose([], "high", 0.8));

        // Assert
        Assert.IsType<ArgumentException>(error);
    }

    private static Dictionary<string, double> P(double high, double medium, double low) =>
        new(StringComparer.Ordinal) { ["high"] = high, ["medium"] = medium, ["low"] = low };
}
