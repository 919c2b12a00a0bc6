using AgentOps.Core.Triage.Evaluation;

namespace AgentOps.Core.Tests.Triage.Evaluation;

public sealed class StratifiedFoldsTests
{
    [Fact]
    public void Assign_TenAndFiveLabels_SpreadsEachLabelEvenly()
    {
        // Arrange
        var labels = Enumerable.Repeat("a", 10).Concat(Enumerable.Repeat("b", 5)).ToList();

        // Act
        var folds = StratifiedFolds.Assign(labels, 5);

        // Assert
        for (var fold = 0; fold < 5; fold++)
        {
            Assert.Equal(2, Enumerable.Range(0, 10).Count(i => folds[i] == fold));
            Assert.Equal(1, Enumerable.Range(10, 5).Count(i => folds[i] == fold));
        }
    }

    [Fact]
    public void Assign_SameSeed_SameSplit()
    {
        // Arrange
        var labels = Enumerable.Range(0, 40).Select(i => i % 3 == 0 ? "x" : "y").ToList();

        // Act
        var first = StratifiedFolds.Assign(labels, 4, seed: 7);
        var second = StratifiedFolds.Assign(labels, 4, seed: 7);

        // Assert
        Assert.Equal(first, second);
    }

    [Fact]
    public void Assign_OneFold_Throws()
    {
        // Act + Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedFolds.Assign(["a", "b"], 1));
    }
}
