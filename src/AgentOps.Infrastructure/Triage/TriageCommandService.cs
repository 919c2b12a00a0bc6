using System.Globalization;
using AgentOps.Core.Skills;
using AgentOps.Core.Triage;
using AgentOps.Core.Triage.Evaluation;

namespace AgentOps.Infrastructure.Triage;

/// <summary>
/// The work behind <c>agentops triage train</c> and <c>agentops triage eval</c>. Bad input (missing file or column, empty
/// file, unknown label, bad mapping, a classifier that is not configured) throws <see cref="TriageDataException"/>,
/// whose message is meant for the user.
/// </summary>
public sealed class TriageCommandService
{
    private static readonly string[] Classifiers = ["rules", "ml", "llm", "ensemble"];
    private readonly TriageOptions _options;
    private readonly SkillRouter _router;
    private readonly ITriageClassifier? _llm;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    /// <param name="options">Ensemble thresholds.</param>
    /// <param name="router">Routes results to skills.</param>
    /// <param name="llm">The LLM classifier when an endpoint is configured, else null.</param>
    /// <param name="time">Measures training time.</param>
    public TriageCommandService(TriageOptions options, SkillRouter router, ITriageClassifier? llm, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _router = router;
        _llm = llm;
        _time = time;
    }

    /// <summary>Trains a model on the CSV file and saves it.</summary>
    /// <exception cref="TriageDataException">Bad input; the message says what.</exception>
    public TriageTrainResult Train(TriageTrainArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var dataset = TriageDataset.Load(arguments.DataPath, arguments.TextColumns, arguments.LabelColumn, arguments.CategoryColumns);
        var started = _time.GetTimestamp();
        var model = MlTextModel.Train(dataset.Examples, features: arguments.Features);
        var path = Path.GetFullPath(arguments.ModelPath);
        model.Save(path);
        var counts = dataset.Examples.GroupBy(e => e.Label, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, g.Count())).ToList();
        return new TriageTrainResult(path, dataset.Examples.Count, dataset.Skipped, counts, _time.GetElapsedTime(started));
    }

    /// <summary>Evaluates a classifier on the CSV file: per-class precision, recall, F1, confusion, macro-F1, accuracy, and the naive-Bayes baseline on the same folds.</summary>
    /// <exception cref="TriageDataException">Bad input; the message says what.</exception>
    public async Task<TriageEvalResult> EvaluateAsync(TriageEvalArguments arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var kind = arguments.Classifier.Trim().ToLowerInvariant();
        if (!Classifiers.Contains(kind))
        {
            throw new TriageDataException($"Unknown classifier '{arguments.Classifier}': use one of {string.Join(", ", Classifiers)}.");
        }

        if (arguments.CategoryColumns.Count > 0 && kind != "ml")
        {
            throw new TriageDataException("--categorical needs --classifier ml (the rules, llm and ensemble classifiers read the text only).");
        }

        var dataset = TriageDataset.Load(arguments.DataPath, arguments.TextColumns, arguments.LabelColumn, arguments.CategoryColumns);
        var examples = dataset.Examples;
        var gold = examples.Select(e => e.Label).ToList();
        var folds = Folds(arguments, gold);
        if (kind == "ml" && arguments.ModelPath is null && folds is null)
        {
            throw new TriageDataException("The ml classifier needs --model FILE or --folds 2 or more to cross-validate.");
        }

        if (arguments.FavorMinRecall is not null && (kind != "ml" || arguments.FavorLabel is null || folds is null || arguments.ModelPath is not null))
        {
            throw new TriageDataException("--min-recall needs --classifier ml, --favor LABEL and cross-validation (--folds 2 or more, no --model).");
        }

        if (arguments.FavorMinRecall is { } recallTarget && (recallTarget is <= 0 or > 1 || arguments.InnerFolds < 2))
        {
            throw new TriageDataException("--min-recall must be in (0, 1] and the inner cross-validation needs 2 folds or more.");
        }

        if (arguments.FavorRecallConfidence is { } confidence && (arguments.FavorMinRecall is null || confidence is <= 0 or >= 1))
        {
            throw new TriageDataException("--recall-confidence needs --min-recall and must be in (0, 1), e.g. 0.95.");
        }

        if (arguments.FavorLabel is not null && !gold.Contains(arguments.FavorLabel, StringComparer.Ordinal))
        {
            throw new TriageDataException($"--favor label '{arguments.FavorLabel}' is not a label of column '{arguments.LabelColumn}'.");
        }

        var map = kind == "ml" ? null : Map(arguments.Map, gold);
        var predicted = new string[examples.Count];
        string method;
        if (arguments.ModelPath is not null && kind is "ml" or "ensemble")
        {
            var model = MlTextModel.Load(arguments.ModelPath);
            await PredictAsync(kind, model, map, examples, Enumerable.Range(0, examples.Count), predicted, cancellationToken, arguments.FavorLabel, arguments.FavorThreshold).ConfigureAwait(false);
            method = $"model {arguments.ModelPath} on every row";
        }
        else if (kind is "ml" or "ensemble" && folds is not null)
        {
            var rules = new List<FavoredLabelRule>();
            for (var fold = 0; fold < arguments.Folds; fold++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                List<LabeledText> training = [.. examples.Where((_, i) => folds[i] != fold)];
                var model = MlTextModel.Train(training, features: arguments.Features);
                var test = Enumerable.Range(0, examples.Count).Where(i => folds[i] == fold);
                FavoredLabelRule? rule = null;
                if (arguments.FavorMinRecall is { } minRecall)
                {
                    rule = InnerRule(training, arguments, minRecall, cancellationToken);
                    rules.Add(rule);
                }

                await PredictAsync(kind, model, map, examples, test, predicted, cancellationToken, arguments.FavorLabel, arguments.FavorThreshold, rule).ConfigureAwait(false);
            }

            method = $"{arguments.Folds}-fold stratified cross-validation (seed {arguments.Seed})";
            if (arguments.Features != MlTextFeatures.Words)
            {
                method += ", word and character n-grams";
            }

            if (arguments.CategoryColumns.Count > 0)
            {
                method += $", categorical {string.Join(", ", arguments.CategoryColumns)} (naive Bayes reads their values as words)";
            }

            if (rules.Count > 0)
            {
                method += string.Create(
                    CultureInfo.InvariantCulture,
                    $", favoring '{arguments.FavorLabel}' from the probability giving recall {arguments.FavorMinRecall:0.##}{(arguments.FavorRecallConfidence is { } level ? $" with confidence {level:0.##}" : string.Empty)} in a {arguments.InnerFolds}-fold cross-validation of each training part, other labels weighted for the best macro-F1 there (rules per fold: {string.Join("; ", rules)})");
            }
        }
        else
        {
            await PredictAsync(kind, null, map, examples, Enumerable.Range(0, examples.Count), predicted, cancellationToken).ConfigureAwait(false);
            method = kind == "ensemble" && _llm is null ? "rules only (no model, no endpoint) on every row" : "every row";
        }

        if (kind == "ml" && arguments.FavorLabel is not null && arguments.FavorMinRecall is null)
        {
            method += string.Create(CultureInfo.InvariantCulture, $", favoring '{arguments.FavorLabel}' from probability {arguments.FavorThreshold:0.##}");
        }

        var order = map?.Labels ?? dataset.Labels;
        var report = TriageEvaluator.Evaluate(gold, predicted, order);
        var baseline = folds is null ? null : NaiveBayes(examples, folds, arguments.Folds, order);
        return new TriageEvalResult(kind, method, dataset.Skipped, report, baseline);
    }

    private async Task PredictAsync(string kind, MlTextModel? model, LabelMap? map, IReadOnlyList<LabeledText> examples, IEnumerable<int> rows, string[] predicted, CancellationToken cancellationToken, string? favoredLabel = null, double favorThreshold = 1.0, FavoredLabelRule? rule = null)
    {
        if (kind == "ml")
        {
            foreach (var i in rows)
            {
                predicted[i] = rule is null ? model!.Predict(examples[i], favoredLabel, favorThreshold).Label : rule.Decide(model!.Probabilities(examples[i]));
            }

            return;
        }

        var rules = new RulesTriageClassifier();
        ITriageClassifier classifier = kind switch
        {
            "rules" => rules,
            "llm" => _llm ?? throw new TriageDataException("The llm classifier needs an endpoint: set Ai:Endpoint (and Ai__ApiKey in the environment)."),
            _ => new EnsembleTriageClassifier(rules, model is null ? _llm : new MlTriageClassifier(model, map, rules), _options, _router),
        };
        foreach (var i in rows)
        {
            var result = await classifier.ClassifyAsync(new TriageInput(string.Empty, examples[i].Text), cancellationToken).ConfigureAwait(false);
            var value = map!.Target == TriageDimensions.Priority ? result.Priority.ToString() : result.Intent;
            predicted[i] = map.ToLabel(value);
        }
    }

    /// <summary>
    /// The rule giving the favored label the recall <paramref name="minRecall"/> and the best macro-F1 under it, on
    /// out-of-fold predictions of <paramref name="training"/> alone (an inner stratified cross-validation).
    /// </summary>
    private static FavoredLabelRule InnerRule(List<LabeledText> training, TriageEvalArguments arguments, double minRecall, CancellationToken cancellationToken)
    {
        var innerFolds = arguments.InnerFolds;
        var inner = StratifiedFolds.Assign([.. training.Select(e => e.Label)], innerFolds, arguments.Seed + 1);
        var held = new List<(string Gold, IReadOnlyDictionary<string, double> Probabilities)>(training.Count);
        for (var fold = 0; fold < innerFolds; fold++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = MlTextModel.Train([.. training.Where((_, i) => inner[i] != fold)], features: arguments.Features);
            for (var i = 0; i < training.Count; i++)
            {
                if (inner[i] == fold)
                {
                    held.Add((training[i].Label, model.Probabilities(training[i])));
                }
            }
        }

        return FavoredLabelRule.Choose(held, arguments.FavorLabel!, minRecall, arguments.FavorRecallConfidence);
    }

    private static int[]? Folds(TriageEvalArguments arguments, List<string> gold)
    {
        if (arguments.Folds < 2)
        {
            return null;
        }

        if (arguments.Folds > gold.Count)
        {
            throw new TriageDataException($"--folds {arguments.Folds} is more than the {gold.Count} examples.");
        }

        return StratifiedFolds.Assign(gold, arguments.Folds, arguments.Seed);
    }

    private static LabelMap Map(string? text, List<string> gold)
    {
        var map = text is null ? LabelMap.Identity(gold) : LabelMap.Parse(text);
        var unknown = gold.Select((label, row) => (label, row)).FirstOrDefault(p => !map.Contains(p.label));
        if (unknown.label is not null)
        {
            throw new TriageDataException(
                $"Label '{unknown.label}' (example {(unknown.row + 1).ToString(CultureInfo.InvariantCulture)}) is not in the mapping; mapped labels: {string.Join(", ", map.Labels)}.");
        }

        return map;
    }

    private static EvaluationReport NaiveBayes(IReadOnlyList<LabeledText> examples, int[] folds, int foldCount, IEnumerable<string> order)
    {
        var predicted = new string[examples.Count];
        for (var fold = 0; fold < foldCount; fold++)
        {
            var model = NaiveBayesTextClassifier.Train(examples.Where((_, i) => folds[i] != fold).Select(e => e with { Text = BagText(e) }));
            for (var i = 0; i < examples.Count; i++)
            {
                if (folds[i] == fold)
                {
                    predicted[i] = model.Predict(BagText(examples[i]));
                }
            }
        }

        return TriageEvaluator.Evaluate([.. examples.Select(e => e.Label)], predicted, order);
    }

    /// <summary>The text naive Bayes reads: the text, then the values of the categorical columns as words (the same columns as the model).</summary>
    private static string BagText(LabeledText example) =>
        example.Categories.Count == 0 ? example.Text : example.Text + "\n" + string.Join("\n", example.Categories.Select(c => c[(c.IndexOf('=', StringComparison.Ordinal) + 1)..]));
}
