using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Triage;

namespace AgentOps.Infrastructure.Tests.Triage;

public sealed class TriageDatasetTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "agentops-dataset-" + Guid.NewGuid().ToString("N"));

    public TriageDatasetTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Load_CategoryColumns_KeptApartAsColumnEqualsValueWithoutEmptyOnes()
    {
        // Arrange
        var path = Write("subject,body,queue,type,priority\nDown,All users,Technical Support ,Incident,high\nHello,A question,,Request,low\n");

        // Act
        var dataset = TriageDataset.Load(path, ["subject", "body"], "priority", ["queue", "type"]);

        // Assert
        Assert.Equal("Down\nAll users", dataset.Examples[0].Text);
        Assert.Equal(["queue=Technical Support", "type=Incident"], dataset.Examples[0].Categories);
        Assert.Equal(["type=Request"], dataset.Examples[1].Categories);
    }

    [Fact]
    public void Load_NoCategoryColumns_ExamplesHaveNoCategories()
    {
        // Arrange
        var path = Write("subject,body,queue,priority\nDown,All users,Technical Support,high\n");

        // Act
        var dataset = TriageDataset.Load(path, ["subject", "body"], "priority");

        // Assert
        Assert.Empty(dataset.Examples[0].Categories);
    }

    [Theory]
    [InlineData("subject,priority", "")]
    [InlineData("subject", "queue,Priority")]
    public void Load_LabelAlsoAsInput_ThrowsUserMessage(string text, string categorical)
    {
        // Arrange
        var path = Write("subject,body,queue,priority\nDown,All users,Technical Support,high\n");

        // Act
        var error = Assert.Throws<TriageDataException>(() =>
            TriageDataset.Load(path, TriageDataset.SplitColumns(text), "priority", TriageDataset.SplitColumns(categorical)));

        // Assert
        Assert.Equal("Column 'priority' is the label: it cannot also be a text or categorical column.", error.Message);
    }

    [Fact]
    public void Load_MissingCategoryColumn_ThrowsUserMessage()
    {
        // Arrange
        var path = Write("subject,body,priority\nDown,All users,high\n");

        // Act
        var error = Assert.Throws<TriageDataException>(() => TriageDataset.Load(path, ["subject"], "priority", ["queue"]));

        // Assert
        Assert.StartsWith("Column 'queue' not found", error.Message, StringComparison.Ordinal);
    }

    private string Write(string content)
    {
        var path = Path.Combine(_folder, "tickets.csv");
        File.WriteAllText(path, content);
        return path;
    }
}
