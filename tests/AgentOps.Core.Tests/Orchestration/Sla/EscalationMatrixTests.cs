using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Sla;

namespace AgentOps.Core.Tests.Orchestration.Sla;

public sealed class EscalationMatrixTests
{
    [Theory]
    [InlineData(1, 1, false, "auto-remediation,#incidents")]
    [InlineData(2, 2, false, "support")]
    [InlineData(3, 2, true, "support")]
    [InlineData(4, 3, false, "backend")]
    [InlineData(5, 4, false, "architecture")]
    [InlineData(6, 5, false, "cto")]
    public void StepFor_SeedMatrix_WalksLevelsRepeatsThenNextChain(int page, int level, bool repeat, string targets)
    {
        // Arrange
        var matrix = SlaTestData.Matrix();

        // Act
        var step = matrix.StepFor(Priority.P1, page);

        // Assert
        Assert.NotNull(step);
        Assert.Equal(level, step.Level);
        Assert.Equal(repeat, step.IsRepeat);
        Assert.Equal(targets, string.Join(',', step.Targets.Select(t => t.Name)));
    }

    [Fact]
    public void StepFor_PastTheEndOfTheNextChain_ReturnsNull()
    {
        // Arrange
        var matrix = SlaTestData.Matrix();

        // Act
        var step = matrix.StepFor(Priority.P1, 7);

        // Assert
        Assert.Null(step);
    }

    [Fact]
    public void StepFor_PriorityWithoutPolicy_ReturnsNull()
    {
        // Arrange
        var matrix = SlaTestData.Matrix();

        // Act
        var step = matrix.StepFor(Priority.P2, 1);

        // Assert
        Assert.Null(step);
        Assert.Empty(matrix.TargetsForLevel(Priority.P2, 1));
    }

    [Theory]
    [InlineData(0, "auto-remediation")]
    [InlineData(3, "backend")]
    [InlineData(9, "architecture")]
    public void TargetsForLevel_AnyLevel_ClampsToThePolicy(int level, string first)
    {
        // Arrange
        var matrix = SlaTestData.Matrix();

        // Act
        var targets = matrix.TargetsForLevel(Priority.P1, level);

        // Assert
        Assert.Equal(first, targets[0].Name);
    }

    [Fact]
    public void Constructor_UnknownTarget_Throws()
    {
        // Arrange
        var policies = new Dictionary<Priority, IReadOnlyList<EscalationLevel>> { [Priority.P1] = [new EscalationLevel(1, ["ghost"], TimeSpan.FromMinutes(5))] };

        // Act
        var error = Assert.Throws<ArgumentException>(() => new EscalationMatrix([new EscalationTarget("support", "team")], policies, TimeSpan.Zero));

        // Assert
        Assert.Contains("'ghost'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_TargetsEscalatingInACycle_Throws()
    {
        // Arrange
        EscalationTarget[] targets = [new("a", "team", Next: "b"), new("b", "team", Next: "c"), new("c", "team", Next: "a")];

        // Act
        var error = Assert.Throws<ArgumentException>(() => new EscalationMatrix(targets, new Dictionary<Priority, IReadOnlyList<EscalationLevel>>(), TimeSpan.Zero));

        // Assert
        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ZeroDelay_Throws()
    {
        // Arrange
        var policies = new Dictionary<Priority, IReadOnlyList<EscalationLevel>> { [Priority.P1] = [new EscalationLevel(1, ["support"], TimeSpan.Zero)] };

        // Act
        var act = () => new EscalationMatrix([new EscalationTarget("support", "team")], policies, TimeSpan.Zero);

        // Assert
        Assert.Throws<ArgumentException>(act);
    }
}
