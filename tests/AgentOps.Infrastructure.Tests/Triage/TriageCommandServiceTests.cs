using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentOps.Core.Skills;
using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Triage;
using Microsoft.Extensions.Time.Testing;

namespace AgentOps.Infrastructure.Tests.Triage;

public sealed class TriageCommandServiceTests : IDisposable
{
    private readonly SyntheticTickets _tickets = new();
    private readonly TriageCommandService _service = new(new TriageOptions(), new SkillRouter([]), null, new FakeTimeProvider());

    public void Dispose() => _tickets.Dispose();

    [Fact]
    public async Task TrainThenEvaluate_SavedModel_PredictsTheSyntheticLabels()
    {
        // Arrange
        var modelPath = Path.Combine(_tickets.Folder, "model.zip");

        // Act
        var trained = _service.Train(new TriageTrainArguments(_tickets.Path, ["subject", "body"], "priority", modelPath));
        var evaluated = await _service.EvaluateAsync(new TriageEvalArguments(_tickets.Path, ["subject", "body"], "priority")
        {
            Classifier = "ml",
            ModelPath = modelPath,
            Folds = 0,
        });

        // Assert
        Assert.True(File.Exists(modelPath));
        Assert.Equal(80, trained.Examples);
        Assert.Equal([KeyValuePair.Create("high", 40), KeyValuePair.Create("low", 40)], trained.LabelCounts);
        Assert.Contains("model saved to", trained.ToText(), StringComparison.Ordinal);
        Assert.Equal(1.0, evaluated.Report.Accuracy);
        Assert.Null(evaluated.NaiveBayes);
    }

    [Fact]
    public async Task EvaluateAsync_MlCrossValidated_ReportsModelAndNaiveBayesOnSameFolds()
    {
        // Act
        var result = await _service.EvaluateAsync(new TriageEvalArguments(_tickets.Path, ["subject", "body"], "priority") { Classifier = "ml", Folds = 4 });

        // Assert
        Assert.Equal("4-fold stratified cross-validation (seed 42)", result.Method);
        Assert.Equal(80, result.Report.Count);
        Assert.InRange(result.Report.MacroF1, 0.9, 1.0);
        Assert.NotNull(result.NaiveBayes);
        Assert.Equal(80, result.NaiveBayes.Count);
        using var json = JsonDocument.Parse(result.ToJson().ToJsonString());
        Assert.Equal("ml", json.RootElement.GetProperty("classifier").GetString());
        Assert.Equal(40, json.RootElement.GetProperty("classes").GetProperty("high").GetProperty("support").GetInt32());
        Assert.True(json.RootElement.GetProperty("baseline_naive_bayes").TryGetProperty("macro_f1", out _));
    }

    [Fact]
    public async Task EvaluateAsync_RulesWithMap_MapsPrioritiesBackToLabels()
    {
        // Act
        var result = await _service.EvaluateAsync(new TriageEvalArguments(_tickets.Path, ["subject", "body"], "priority")
        {
            Map = "high=P1+P2,low=P3+P4",
            Folds = 2,
        });

        // Assert
        Assert.Equal(["high", "low"], result.Report.Labels);
        Assert.Equal(1.0, result.Report.Classes["low"].Recall);
        Assert.InRange(result.Report.Classes["high"].Recall, 0.3, 1.0);
        Assert.Contains("classifier rules: every row, 80 examples", result.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_EnsembleCrossValidated_CombinesRulesAndModel()
    {
        // Act
        var result = await _service.EvaluateAsync(new TriageEvalArguments(_tickets.Path, ["subject", "body"], "priority")
        {
            Classifier = "ensemble",
            Map = "high=P1+P2,low=P3+P4",
            Folds = 2,
        });

        // Assert
        Assert.Equal("2-fold stratified cross-validation (seed 42)", result.Method);
        Assert.InRange(result.Report.MacroF1, 0.8, 1.0);
    }

    [Fact]
    public async Task EvaluateAsync_FavoredLabelWithZeroThreshold_PredictsItEverywhere()
    {
        // Act
        var result = await _service.EvaluateAsync(new TriageEvalArguments(_tickets.Path, ["subject", "body"], "priority")
        {
            Classifier = "ml",
            Folds = 2,
            FavorLabel = "low",
            FavorThreshold = 0.0,
        });

        // Assert
        Assert.Equal(1.0, result.Report.Classes["low"].Recall);
        Assert.Equal(0.0, result.Report.Classes["high"].Recall);
        Assert.EndsWith("favoring 'low' from probability 0", result.Method, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_MinRecallWithCharacterFeatures_ChoosesThresholdPerTrainingPartAndReachesRecall()
    {
        // Act
        var result = await _service.EvaluateAsync(new TriageEvalArguments(_tickets.Path, ["subject", "body"], "priority")
        {
            Classifier = "ml",
            Folds = 2,
            FavorLabel = "low",
            FavorMinRecall = 0.9,
            InnerFolds = 2,
            Features = MlTextFeatures.WordsAndChars,
        });

        // Assert
        Assert.InRange(result.Report.Classes["low"].Recall, 0.9, 1.0);
        Assert.Contains("word and character n-grams", result.Method, StringComparison.Ordinal);
        Assert.Matches(@"favoring 'low' from the probability giving recall 0\.9 in a 2-fold cross-validation of each training part, other labels weighted for the best macro-F1 there \(rules per fold: low from 0\.\d{3}, then high×1; low from 0\.\d{3}, then high×1\)$", result.Method);
    }

    [Fact]
    public async Task EvaluateAsync_MinRecallWithConfidence_ChoosesAThresholdNoHigherThanThePlainEstimate()
    {
        // Arrange
        var plain = new TriageEvalArguments(_tickets.Path, ["subject", "body"], "priority")
        {
            Classifier = "ml",
            Folds = 2,
            FavorLabel = "low",
            FavorMinRecall = 0.9,
            InnerFolds = 2,
        };

        // Act
        var estimated = await _service.EvaluateAsync(plain);
        var confident = await _service.EvaluateAsync(plain with { FavorRecallConfidence = 0.95 });

        // Assert
        Assert.Contains("giving recall 0.9 with confidence 0.95 in a 2-fold", confident.Method, StringComparison.Ordinal);
        Assert.True(confident.Report.Classes["low"].Recall >= estimated.Report.Classes["low"].Recall);
        var thresholds = Thresholds(estimated.Method).Zip(Thresholds(confident.Method));
        Assert.All(thresholds, pair => Assert.True(pair.Second <= pair.First, $"{pair.Second} > {pair.First}"));
    }

    [Fact]
    public async Task EvaluateAsync_CategoricalQueue_ModelAndNaiveBayesReadTheQueue()
    {
        // Arrange
        using var tickets = new SyntheticTickets(20, queueOnly: true);
        var textOnly = new TriageEvalArguments(tickets.Path, ["subject", "body"], "priority") { Classifier = "ml", Folds = 4 };

        // Act
        var withoutQueue = await _service.EvaluateAsync(textOnly);
        var withQueue = await _service.EvaluateAsync(textOnly with { CategoryColumns = ["queue"] });

        // Assert
        Assert.InRange(withoutQueue.Report.MacroF1, 0.0, 0.7);
        Assert.Equal(1.0, withQueue.Report.Accuracy);
        Assert.InRange(withQueue.NaiveBayes!.Accuracy, 0.9, 1.0);
        Assert.InRange(withoutQueue.NaiveBayes!.Accuracy, 0.0, 0.7);
        Assert.EndsWith("categorical queue (naive Bayes reads their values as words)", withQueue.Method, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainThenEvaluate_CategoricalQueue_SavedModelReadsTheQueue()
    {
        // Arrange
        using var tickets = new SyntheticTickets(20, queueOnly: true);
        var modelPath = Path.Combine(tickets.Folder, "model.zip");

        // Act
        _service.Train(new TriageTrainArguments(tickets.Path, ["subject", "body"], "priority", modelPath) { CategoryColumns = ["queue"] });
        var evaluated = await _service.EvaluateAsync(new TriageEvalArguments(tickets.Path, ["subject", "body"], "priority")
        {
            Classifier = "ml",
            ModelPath = modelPath,
            Folds = 0,
            CategoryColumns = ["queue"],
        });

        // Assert
        Assert.Equal(1.0, evaluated.Report.Accuracy);
    }

    [Theory]
    [InlineData("rules", "queue", null, "--categorical needs --classifier ml")]
    [InlineData("ml", "priority", null, "Column 'priority' is the label: it cannot also be a text or categorical column.")]
    [InlineData("ml", null, 0.95, "--recall-confidence needs --min-recall")]
    public async Task EvaluateAsync_BadCategoricalOrConfidence_ThrowsUserMessage(string classifier, string? categorical, double? confidence, string message)
    {
        // Arrange
        using var tickets = new SyntheticTickets(5, queueOnly: true);
        var arguments = new TriageEvalArguments(tickets.Path, ["subject", "body"], "priority")
        {
            Classifier = classifier,
            Map = classifier == "rules" ? "high=P1,low=P3" : null,
            CategoryColumns = categorical is null ? [] : [categorical],
            FavorRecallConfidence = confidence,
        };

        // Act
        var error = await Assert.ThrowsAsync<TriageDataException>(() => _service.EvaluateAsync(arguments));

        // Assert
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<double> Thresholds(string method) =>
        Regex.Matches(method, @"low from (0\.\d{3})").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("rules", "low", 5, "--min-recall needs --classifier ml")]
    [InlineData("ml", null, 5, "--min-recall needs --classifier ml")]
    public async Task EvaluateAsync_MinRecallWithoutCrossValidatedFavoredMl_ThrowsUserMessage(string classifier, string? favor, int folds, string message)
    {
        // Arrange
        var arguments = new TriageEvalArguments(_tickets.Path, ["subject", "body"], "priority")
        {
            Classifier = classifier,
            Map = classifier == "rules" ? "high=P1,low=P3" : null,
            FavorLabel = favor,
            FavorMinRecall = 0.8,
            Folds = folds,
        };

        // Act
        var error = await Assert.ThrowsAsync<TriageDataException>(() => _service.EvaluateAsync(arguments));

        // Assert
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rules", "priority", "high=P1", null, "Label 'low' (example 2) is not in the mapping")]
    [InlineData("rules", "priority", null, null, "are neither P1..P4 nor intents")]
    [InlineData("rules", "severity", "high=P1", null, "Column 'severity' not found; the columns are: subject, body, priority.")]
    [InlineData("llm", "priority", "high=P1,low=P3", null, "The llm classifier needs an endpoint")]
    [InlineData("magic", "priority", null, null, "Unknown classifier 'magic'")]
    [InlineData("ml", "priority", null, "missing.zip", "model file not found")]
    public async Task EvaluateAsync_BadInput_ThrowsUserMessage(string classifier, string label, string? map, string? model, string message)
    {
        // Arrange
        var arguments = new TriageEvalArguments(_tickets.Path, ["subject", "body"], label)
        {
            Classifier = classifier,
            Map = map,
            ModelPath = model is null ? null : Path.Combine(_tickets.Folder, model),
        };

        // Act
        var error = await Assert.ThrowsAsync<TriageDataException>(() => _service.EvaluateAsync(arguments));

        // Assert
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_EmptyFile_ThrowsUserMessage()
    {
        // Arrange
        var empty = Path.Combine(_tickets.Folder, "empty.csv");
        File.WriteAllText(empty, string.Empty);

        // Act
        var error = Assert.Throws<TriageDataException>(() => _service.Train(new TriageTrainArguments(empty, ["subject"], "priority")));

        // Assert
        Assert.Equal($"{empty}: the file is empty (no header line).", error.Message);
    }
}
