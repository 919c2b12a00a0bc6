using AgentOps.Core.Triage;
using AgentOps.Core.Triage.Evaluation;
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
    public void TrainSaveLoadPredict_CategoriesTellTheLabel_PredictsFromTheCategoryAndStillTakesTextAlone()
    {
        // Arrange
        using var tickets = new SyntheticTickets(20, queueOnly: true);
        var dataset = TriageDataset.Load(tickets.Path, ["subject", "body"], "priority", ["queue"]);
        var modelPath = Path.Combine(tickets.Folder, "queue.zip");

        // Act
        MlTextModel.Train(dataset.Examples).Save(modelPath);
        var loaded = MlTextModel.Load(modelPath);
        var outage = loaded.Predict(new LabeledText("About a typo", string.Empty) { Categories = ["queue=Service Outages"] }, null, 1.0);
        var sales = loaded.Predict(new LabeledText("About a typo", string.Empty) { Categories = ["queue=Sales"] }, null, 1.0);
        var unknownQueue = loaded.Probabilities(new LabeledText("About a typo", string.Empty) { Categories = ["queue=Never seen"] });
        var textAlone = loaded.Probabilities("About a typo");

        // Assert
        Assert.Equal("high", outage.Label);
        Assert.Equal("low", sales.Label);
        Assert.InRange(unknownQueue["high"], 0.3, 0.7);
        Assert.Equal(unknownQueue["high"], textAlone["high"], 6);
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
