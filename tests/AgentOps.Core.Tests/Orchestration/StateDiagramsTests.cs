using AgentOps.Core.Orchestration;

namespace AgentOps.Core.Tests.Orchestration;

public sealed class StateDiagramsTests
{
    [Theory]
    [InlineData("incident-state-machine.md")]
    [InlineData("track-state-machine.md")]
    public void Documents_CommittedDiagram_MatchesTheCode(string fileName)
    {
        // Arrange
        var path = Path.Combine(RepositoryRoot(), "docs", fileName);

        // Act
        var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "(missing)";

        // Assert
        Assert.True(
            committed == StateDiagrams.Documents[fileName],
            $"docs/{fileName} drifted from the state machine: run 'agentops docs diagrams' and commit the result.");
    }

    [Fact]
    public void Documents_IncidentDiagram_ShowsEveryState()
    {
        // Act
        var doc = StateDiagrams.Documents["incident-state-machine.md"];

        // Assert
        foreach (var state in Enum.GetNames<AgentOps.Core.Model.IncidentState>())
        {
            Assert.Contains(state, doc, StringComparison.Ordinal);
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AgentOps.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("AgentOps.sln not found above the test folder.");
    }
}
