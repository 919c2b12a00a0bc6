using AgentOps.Core.Model;
using AgentOps.Core.Triage;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace AgentOps.Core.Tests.Triage;

public sealed class EnsembleTriageClassifierTests
{
    private static readonly Customer Enterprise = new("Jean", Seed004.Sender, "client-existant.fr", "enterprise", "fr");

    private static ITriageClassifier Other(Priority priority, string intent, double confidence, TriageDimensions predicts = TriageDimensions.Priority | TriageDimensions.Intent)
    {
        var other = Substitute.For<ITriageClassifier>();
        other.Name.Returns("ml");
        other.Predicts.Returns(predicts);
        other.ClassifyAsync(Arg.Any<TriageInput>(), Arg.Any<CancellationToken>())
            .Returns(new TriageResult(priority, intent, confidence) { Reasons = ["model said so"], Classifier = "ml" });
        return other;
    }

    private static EnsembleTriageClassifier Ensemble(ITriageClassifier? other) => new(new RulesTriageClassifier(), other, new TriageOptions());

    [Fact]
    public async Task ClassifyAsync_P1OnManySignalsAndConfidentDisagreement_KeepsP1AndSaysWhy()
    {
        // Arrange
        var ensemble = Ensemble(Other(Priority.P3, "question", 0.99));

        // Act
        var result = await ensemble.ClassifyAsync(new TriageInput(Seed004.Subject, Seed004.Body) { Customer = Enterprise });

        // Assert
        Assert.Equal(Priority.P1, result.Priority);
        Assert.Equal("ensemble", result.Classifier);
        Assert.Contains(result.Reasons, r => r.StartsWith("ensemble: kept rule P1 although ml said P3 (the P1 rests on several signals)", StringComparison.Ordinal));
        Assert.Contains("ml: model said so", result.Reasons);
    }

    [Theory]
    [InlineData(0.95, Priority.P3, "ensemble: downgraded rule P1 to P3: the P1 rests on a single signal and ml is 0.95 confident (>= 0.90)")]
    [InlineData(0.8, Priority.P1, "ensemble: kept rule P1 although ml said P3 (ml confidence 0.80 < 0.90)")]
    public async Task ClassifyAsync_P1OnSingleSignal_DowngradedOnlyWhenOtherIsVeryConfident(double confidence, Priority expected, string reason)
    {
        // Arrange
        var ensemble = Ensemble(Other(Priority.P3, "bug", confidence));
        var input = new TriageInput("The site is down", "Hello") { Customer = Enterprise };

        // Act
        var result = await ensemble.ClassifyAsync(input);

        // Assert
        Assert.Equal(expected, result.Priority);
        Assert.Contains(reason, result.Reasons);
    }

    [Fact]
    public async Task ClassifyAsync_ConfidentOtherOnNoImpactMessage_TakesItsPriorityAndIntent()
    {
        // Arrange
        var ensemble = Ensemble(Other(Priority.P2, "feature-request", 0.7));

        // Act
        var result = await ensemble.ClassifyAsync(new TriageInput("Hello", "Please find attached the report."));

        // Assert
        Assert.Equal(Priority.P2, result.Priority);
        Assert.Equal("feature-request", result.Intent);
    }

    [Fact]
    public async Task ClassifyAsync_OtherLowerButRulesSawImpact_KeepsRulesPriority()
    {
        // Arrange
        var ensemble = Ensemble(Other(Priority.P4, "bug", 0.8));

        // Act
        var result = await ensemble.ClassifyAsync(new TriageInput("Payments", "Payments fail with an error."));

        // Assert
        Assert.Equal(Priority.P2, result.Priority);
        Assert.Contains(result.Reasons, r => r.Contains("the rules saw impact on payments", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClassifyAsync_OtherPredictsPriorityOnly_KeepsRulesIntent()
    {
        // Arrange
        var ensemble = Ensemble(Other(Priority.P3, "question", 0.99, TriageDimensions.Priority));

        // Act
        var result = await ensemble.ClassifyAsync(new TriageInput("Crash", "The app crashes with an exception."));

        // Assert
        Assert.Equal("bug", result.Intent);
    }

    [Fact]
    public async Task ClassifyAsync_OtherThrows_RulesDecideWithReason()
    {
        // Arrange
        var other = Substitute.For<ITriageClassifier>();
        other.Name.Returns("llm");
        other.ClassifyAsync(Arg.Any<TriageInput>(), Arg.Any<CancellationToken>()).ThrowsAsync(new InvalidOperationException("endpoint refused"));
        var ensemble = Ensemble(other);

        // Act
        var result = await ensemble.ClassifyAsync(new TriageInput(Seed004.Subject, Seed004.Body));

        // Assert
        Assert.Equal(Priority.P1, result.Priority);
        Assert.Contains("ensemble: llm classifier failed (endpoint refused), rules decide", result.Reasons);
    }
}
