using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Triage;

namespace AgentOps.Infrastructure.Tests.Triage;

public sealed class MlTextModelTests
{
    [Fact]
    public void TrainSaveLoadPredict_SyntheticTickets_PredictsTheRightLabel()
    {
        // Arrange
        using var tickets = new SyntheticTickets();
        var dataset = TriageDataset.Load(tickets.Path, ["subject", "body"], "priority");
        var modelPath = Path.Combine(tickets.Folder, "models", "triage.zip");

        // Act
        MlTextModel.Train(dataset.Examples).Save(modelPath);
        var loaded = MlTextModel.Load(modelPath);
        var high = loaded.Predict("Production outage: payments failing since this morning");
        var low = loaded.Predict("A question about the documentation");

        // Assert
        Assert.Equal(80, dataset.Examples.Count);
        Assert.Equal(["high", "low"], loaded.Labels.Order());
        Assert.Equal("high", high.Label);
        Assert.Equal("low", low.Label);
        Assert.InRange(high.Probability, 0.5, 1.0);
    }

    [Fact]
    public void Train_OneLabel_ThrowsUserMessage()
    {
        // Act
        var error = Assert.Throws<TriageDataException>(() => MlTextModel.Train([new("a", "x"), new("b", "x")]));

        // Assert
        Assert.Equal("Training needs at least two distinct labels.", error.Message);
    }

    [Fact]
    public void Load_NotAModel_ThrowsUserMessage()
    {
        // Arrange
        using var tickets = new SyntheticTickets(1);

        // Act
        var error = Assert.Throws<TriageDataException>(() => MlTextModel.Load(tickets.Path));

        // Assert
        Assert.Contains("not a triage model", error.Message, StringComparison.Ordinal);
    }
}
