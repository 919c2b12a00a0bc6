using System.Text.Json;
using AgentOps.Core.Triage.Evaluation;

namespace AgentOps.Core.Tests.Triage.Evaluation;

public sealed class TriageEvaluatorTests
{
    // gold:      a a a a b b c c
    // predicted: a a b c b a c c
    // a: tp 2, predicted 3 -> p 2/3, r 2/4, f1 4/7
    // b: tp 1, predicted 2 -> p 1/2, r 1/2, f1 1/2
    // c: tp 2, predicted 3 -> p 2/3, r 2/2, f1 4/5
    private static readonly string[] Gold = ["a", "a", "a", "a", "b", "b", "c", "c"];
    private static readonly string[] Predicted = ["a", "a", "b", "c", "b", "a", "c", "c"];

    [Fact]
    public void Evaluate_HandMadeConfusion_ComputesEveryFigure()
    {
        // Act
        var report = TriageEvaluator.Evaluate(Gold, Predicted);

        // Assert
        Assert.Equal(["a", "b", "c"], report.Labels);
        Assert.Equal([2, 1, 1], report.Confusion[0]);
        Assert.Equal([1, 1, 0], report.Confusion[1]);
        Assert.Equal([0, 0, 2], report.Confusion[2]);
        Assert.Equal(2.0 / 3, report.Classes["a"].Precision, 10);
        Assert.Equal(0.5, report.Classes["a"].Recall, 10);
        Assert.Equal(4.0 / 7, report.Classes["a"].F1, 10);
        Assert.Equal(4, report.Classes["a"].Support);
        Assert.Equal(0.5, report.Classes["b"].F1, 10);
        Assert.Equal(1.0, report.Classes["c"].Recall, 10);
        Assert.Equal(((4.0 / 7) + 0.5 + 0.8) / 3, report.MacroF1, 10);
        Assert.Equal(5.0 / 8, report.Accuracy, 10);
    }

    [Fact]
    public void Evaluate_PredictedOnlyLabel_HasZeroSupportAndCountsInMacro()
    {
        // Act
        var report = TriageEvaluator.Evaluate(["a", "a"], ["a", "z"], ["a"]);

        // Assert
        Assert.Equal(["a", "z"], report.Labels);
        Assert.Equal(0, report.Classes["z"].Support);
        Assert.Equal(0, report.Classes["z"].F1);
        Assert.Equal((2.0 / 3) / 2, report.MacroF1, 10);
    }

    [Fact]
    public void ToJson_HandMadeConfusion_HasClassesMacroAccuracyAndConfusion()
    {
        // Arrange
        var report = TriageEvaluator.Evaluate(Gold, Predicted, ["c", "b", "a"]);

        // Act
        using var json = JsonDocument.Parse(report.ToJson().ToJsonString());

        // Assert
        var root = json.RootElement;
        Assert.Equal(0.5, root.GetProperty("classes").GetProperty("b").GetProperty("precision").GetDouble());
        Assert.Equal(2, root.GetProperty("classes").GetProperty("c").GetProperty("support").GetInt32());
        Assert.Equal(0.625, root.GetProperty("accuracy").GetDouble());
        Assert.Equal(0.6238, root.GetProperty("macro_f1").GetDouble());
        Assert.Equal("c", root.GetProperty("confusion").GetProperty("labels")[0].GetString());
        Assert.Equal(2, root.GetProperty("confusion").GetProperty("matrix")[0][0].GetInt32());
    }

    [Fact]
    public void ToText_HandMadeConfusion_ListsClassesAndMatrix()
    {
        // Arrange
        var report = TriageEvaluator.Evaluate(Gold, Predicted);

        // Act
        var text = report.ToText();

        // Assert
        Assert.Contains("macro-F1 0.624  accuracy 0.625  examples 8", text, StringComparison.Ordinal);
        Assert.Contains("confusion (rows: gold, columns: predicted)", text, StringComparison.Ordinal);
        Assert.Contains("0.667   0.500  0.571        4", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_DifferentLengths_Throws()
    {
        // Act + Assert
        Assert.Throws<ArgumentException>(() => TriageEvaluator.Evaluate(["a"], ["a", "b"]));
    }
}
