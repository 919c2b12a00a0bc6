using AgentOps.Core.Triage.Evaluation;

namespace AgentOps.Core.Tests.Triage.Evaluation;

public sealed class NaiveBayesTextClassifierTests
{
    [Fact]
    public void Predict_WordsSeenWithOneLabel_PicksThatLabel()
    {
        // Arrange
        var model = NaiveBayesTextClassifier.Train([
            new LabeledText("server down outage crash", "incident"),
            new LabeledText("database crash error", "incident"),
            new LabeledText("please add dark mode feature", "request"),
            new LabeledText("feature idea export button", "request"),
        ]);

        // Act
        var incident = model.Predict("Crash after outage");
        var request = model.Predict("A new feature: dark export");

        // Assert
        Assert.Equal("incident", incident);
        Assert.Equal("request", request);
    }

    [Fact]
    public void Predict_OnlyUnknownWords_FallsBackToPrior()
    {
        // Arrange
        var model = NaiveBayesTextClassifier.Train([
            new LabeledText("alpha", "x"), new LabeledText("beta", "y"), new LabeledText("gamma", "y"),
        ]);

        // Act
        var label = model.Predict("zeta omega");

        // Assert
        Assert.Equal("y", label);
    }

    [Fact]
    public void Predict_ComputedLikelihoods_MatchHandComputation()
    {
        // Arrange: vocabulary {a, b}; x: a a b (3 tokens), y: b (1 token); priors 1/2 each.
        // P(a|x) = 3/5, P(a|y) = 1/3 -> "a" is x; P(b|x) = 2/5, P(b|y) = 2/3 -> "b" is y.
        var model = NaiveBayesTextClassifier.Train([new LabeledText("a a b", "x"), new LabeledText("b", "y")]);

        // Act + Assert
        Assert.Equal("x", model.Predict("a"));
        Assert.Equal("y", model.Predict("b"));
        Assert.Equal("y", model.Predict("a b b"));
    }
}
