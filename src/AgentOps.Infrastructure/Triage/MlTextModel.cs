using AgentOps.Core.Triage;
using AgentOps.Core.Triage.Evaluation;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;

namespace AgentOps.Infrastructure.Triage;

/// <summary>
/// An ML.NET text classifier trained on the user's own tickets: text featurized as word uni- and bi-grams (lower-cased,
/// accents removed, L2-normalized; optionally with character tri-grams, <see cref="MlTextFeatures"/>), plus, when the
/// examples carry <see cref="LabeledText.Categories"/> (e.g. the queue a customer picked), one indicator feature per
/// <c>column=value</c> seen in training; then a multiclass maximum-entropy model (L-BFGS, L2 = 1, no L1) with balanced
/// class weights, so that a rare label is not drowned by the frequent ones. Saved as a .zip. Thread-safe.
/// </summary>
public sealed class MlTextModel
{
    private readonly MLContext _context;
    private readonly ITransformer _model;
    private readonly DataViewSchema _inputSchema;
    private readonly PredictionEngine<TextRow, ScoreRow> _engine;
    private readonly string[] _labels;
    private readonly Lock _lock = new();

    private MlTextModel(MLContext context, ITransformer model, DataViewSchema inputSchema)
    {
        _context = context;
        _model = model;
        _inputSchema = inputSchema;
        _engine = context.Model.CreatePredictionEngine<TextRow, ScoreRow>(model, inputSchema);
        var scoreColumn = _engine.OutputSchema[nameof(ScoreRow.Score)];
        VBuffer<ReadOnlyMemory<char>> names = default;
        scoreColumn.GetSlotNames(ref names);
        _labels = [.. names.DenseValues().Select(n => n.ToString())];
    }

    /// <summary>Labels the model predicts, in score order.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>Trains a model on <paramref name="examples"/>.</summary>
    /// <param name="examples">Labelled texts; at least two distinct labels.</param>
    /// <param name="seed">Seed of ML.NET's random generator, for reproducible training. Default 1.</param>
    /// <param name="features">Word n-grams only (default) or words and character tri-grams.</param>
    /// <exception cref="TriageDataException">Fewer than two distinct labels.</exception>
    public static MlTextModel Train(IReadOnlyList<LabeledText> examples, int seed = 1, MlTextFeatures features = MlTextFeatures.Words)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Take(2).Count() < 2)
        {
            throw new TriageDataException("Training needs at least two distinct labels.");
        }

        var context = new MLContext(seed);
        var counts = examples.GroupBy(e => e.Label, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var data = context.Data.LoadFromEnumerable(examples.Select(e => new TextRow
        {
            Text = e.Text,
            Categories = [.. e.Categories],
            Label = e.Label,
            Weight = (float)examples.Count / (counts.Count * counts[e.Label]),
        }));
        var featurizer = new TextFeaturizingEstimator.Options
        {
            CharFeatureExtractor = features == MlTextFeatures.WordsAndChars ? new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = false } : null,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
        };
        var withCategories = examples.Any(e => e.Categories.Count > 0);
        IEstimator<ITransformer> featurize = context.Transforms.Conversion.MapValueToKey(nameof(TextRow.Label))
            .Append(context.Transforms.Text.FeaturizeText(withCategories ? "TextFeatures" : "Features", featurizer, nameof(TextRow.Text)));
        if (withCategories)
        {
            featurize = featurize
                .Append(context.Transforms.Categorical.OneHotEncoding("CategoryFeatures", nameof(TextRow.Categories), OneHotEncodingEstimator.OutputKind.Bag))
                .Append(context.Transforms.Concatenate("Features", "TextFeatures", "CategoryFeatures"));
        }

        var pipeline = featurize
            .Append(context.MulticlassClassification.Trainers.LbfgsMaximumEntropy(
                nameof(TextRow.Label), "Features", nameof(TextRow.Weight), l1Regularization: 0f, l2Regularization: 1f));
        var model = pipeline.Fit(data);
        return new MlTextModel(context, model, data.Schema);
    }

    /// <summary>Loads a model saved by <see cref="Save"/>.</summary>
    /// <exception cref="TriageDataException">The file is missing or is not a model saved by this class.</exception>
    public static MlTextModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new TriageDataException($"{path}: model file not found (train one with `agentops triage train`).");
        }

        var context = new MLContext(1);
        try
        {
            var model = context.Model.Load(path, out var schema);
            return new MlTextModel(context, model, schema);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or IOException or InvalidDataException)
        {
            throw new TriageDataException($"{path}: not a triage model ({ex.Message}).", ex);
        }
    }

    /// <summary>Saves the model to <paramref name="path"/> (a .zip), creating the folder.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        _context.Model.Save(_model, _inputSchema, path);
    }

    /// <summary>The most probable label of <paramref name="text"/> and its probability.</summary>
    public (string Label, double Probability) Predict(string text) => Predict(text, null, 1.0);

    /// <summary>The probability of each label for <paramref name="example"/>'s text and categories (its label is ignored).</summary>
    public IReadOnlyDictionary<string, double> Probabilities(LabeledText example)
    {
        ArgumentNullException.ThrowIfNull(example);
        return Probabilities(example.Text, example.Categories);
    }

    /// <summary>
    /// The most probable label of <paramref name="text"/>, except that <paramref name="favoredLabel"/> wins whenever its
    /// probability reaches <paramref name="threshold"/> (raises the recall of an urgent label at the cost of precision).
    /// </summary>
    public (string Label, double Probability) Predict(string text, string? favoredLabel, double threshold) =>
        Pick(Probabilities(text), favoredLabel, threshold);

    /// <summary>
    /// As <see cref="Predict(string, string?, double)"/>, from <paramref name="example"/>'s text and categories (its label is ignored).
    /// </summary>
    public (string Label, double Probability) Predict(LabeledText example, string? favoredLabel, double threshold) =>
        Pick(Probabilities(example), favoredLabel, threshold);

    private static (string Label, double Probability) Pick(IReadOnlyDictionary<string, double> probabilities, string? favoredLabel, double threshold)
    {
        if (favoredLabel is not null && probabilities.TryGetValue(favoredLabel, out var favored) && favored >= threshold)
        {
            return (favoredLabel, favored);
        }

        var best = probabilities.MaxBy(p => p.Value);
        return (best.Key, best.Value);
    }

    /// <summary>The probability of each label for <paramref name="text"/> (no categories: a model trained with some sees none).</summary>
    public IReadOnlyDictionary<string, double> Probabilities(string text) => Probabilities(text, []);

    private Dictionary<string, double> Probabilities(string text, IReadOnlyList<string> categories)
    {
        ArgumentNullException.ThrowIfNull(text);
        float[] scores;
        lock (_lock)
        {
            scores = _engine.Predict(new TextRow { Text = text, Categories = [.. categories], Label = string.Empty }).Score ?? [];
        }

        return _labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => (double)scores[p.i], StringComparer.Ordinal);
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = string.Empty;

        public string[] Categories { get; set; } = [];

        public string Label { get; set; } = string.Empty;

        public float Weight { get; set; } = 1f;
    }

    private sealed class ScoreRow
    {
        public float[]? Score { get; set; }
    }
}
