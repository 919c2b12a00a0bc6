using AgentOps.Core.Model;
using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Triage;

namespace AgentOps.Infrastructure.Tests.Triage;

public sealed class MlTriageClassifierTests : IClassFixture<MlTriageClassifierTests.TrainedModel>
{
    private readonly MlTextModel _model;

    public MlTriageClassifierTests(TrainedModel trained)
    {
        _model = trained.Model;
    }

    [Fact]
    public async Task ClassifyAsync_WordLabelsMapped_GivesPriorityAndRulesIntent()
    {
        // Arrange
        var classifier = new MlTriageClassifier(_model, LabelMap.Parse("high=P1,low=P4"), new RulesTriageClassifier());

        // Act
        var result = await classifier.ClassifyAsync(new TriageInput("Outage", "Production outage, payments failing, data loss"));

        // Assert
        Assert.Equal(Priority.P1, result.Priority);
        Assert.Equal(TriageDimensions.Priority, classifier.Predicts);
        Assert.Equal("ml", result.Classifier);
        Assert.StartsWith("model label 'high' (probability", result.Reasons[0], StringComparison.Ordinal);
        Assert.Contains(result.Reasons, r => r.StartsWith($"intent {result.Intent} from the rules", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_LabelMissingFromMap_ThrowsUserMessage()
    {
        // Act
        var error = Assert.Throws<TriageDataException>(() => new MlTriageClassifier(_model, LabelMap.Parse("high=P1"), new RulesTriageClassifier()));

        // Assert
        Assert.Contains("'low' is not in the label mapping", error.Message, StringComparison.Ordinal);
    }

    public sealed class TrainedModel : IDisposable
    {
        private readonly SyntheticTickets _tickets = new();

        public TrainedModel()
        {
            Model = MlTextModel.Train(TriageDataset.Load(_tickets.Path, ["subject", "body"], "priority").Examples);
        }

        public MlTextModel Model { get; }

        public void Dispose() => _tickets.Dispose();
    }
}
