using AgentOps.Core.Triage;
using AgentOps.Core.Triage.Evaluation;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace AgentOps.Infrastructure.Triage;

/// <summary>
/// An ML.NET text classifier trained on the user's own tickets: text featurized as word uni/bi-grams and character
/// tri-grams (lower-cased, accents removed), then a multiclass maximum-entropy model (SDCA). Saved as a .zip.
/// Thread-safe.
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
    /// <exception cref="TriageDataException">Fewer than two distinct labels.</exception>
    public static MlTextModel Train(IReadOnlyList<LabeledText> examples, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Take(2).Count() < 2)
        {
            throw new TriageDataException("Training needs at least two distinct labels.");
        }

        var context = new MLContext(seed);
        var data = context.Data.LoadFromEnumerable(examples.Select(e => new TextRow { Text = e.Text, Label = e.Label }));
        var pipeline = context.Transforms.Conversion.MapValueToKey(nameof(TextRow.Label))
            .Append(context.Transforms.Text.FeaturizeText("Features", nameof(TextRow.Text)))
            .Append(context.MulticlassClassification.Trainers.SdcaMaximumEntropy(nameof(TextRow.Label), "Features"));
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
    public (string Label, double Probability) Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        float[] scores;
        lock (_lock)
        {
            scores = _engine.Predict(new TextRow { Text = text, Label = string.Empty }).Score ?? [];
        }

        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return (_labels[best], scores[best]);
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = string.Empty;

        public string Label { get; set; } = string.Empty;
    }

    private sealed class ScoreRow
    {
        public float[]? Score { get; set; }
    }
}
