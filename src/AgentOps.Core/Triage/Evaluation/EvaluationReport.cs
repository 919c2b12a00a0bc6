using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentOps.Core.Triage.Evaluation;

/// <summary>
/// Per-class precision, recall, F1 and support, the confusion matrix (rows gold, columns predicted), macro-F1 (mean
/// F1 over every label seen in gold or predictions, as scikit-learn does) and accuracy.
/// </summary>
public sealed class EvaluationReport
{
    internal EvaluationReport(IReadOnlyList<string> labels, IReadOnlyDictionary<string, ClassMetrics> classes, int[][] confusion, double macroF1, double accuracy, int count)
    {
        Labels = labels;
        Classes = classes;
        Confusion = confusion;
        MacroF1 = macroF1;
        Accuracy = accuracy;
        Count = count;
    }

    /// <summary>Labels, in the order of the confusion matrix rows and columns.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Metrics per label.</summary>
    public IReadOnlyDictionary<string, ClassMetrics> Classes { get; }

    /// <summary><c>Confusion[gold][predicted]</c>: how many examples of gold label <c>Labels[gold]</c> were predicted <c>Labels[predicted]</c>.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Confusion { get; }

    /// <summary>Unweighted mean of the per-class F1.</summary>
    public double MacroF1 { get; }

    /// <summary>Share of examples predicted right.</summary>
    public double Accuracy { get; }

    /// <summary>Number of examples.</summary>
    public int Count { get; }

    /// <summary>
    /// The report as JSON: <c>{"classes":{label:{precision,recall,f1,support}},"macro_f1":…,"accuracy":…,"count":…,
    /// "confusion":{"labels":[…],"matrix":[[…]]}}</c>, figures rounded to 4 decimals.
    /// </summary>
    public JsonObject ToJson()
    {
        var classes = new JsonObject();
        foreach (var label in Labels)
        {
            var m = Classes[label];
            classes[label] = new JsonObject
            {
                ["precision"] = Round(m.Precision),
                ["recall"] = Round(m.Recall),
                ["f1"] = Round(m.F1),
                ["support"] = m.Support,
            };
        }

        var matrix = new JsonArray([.. Confusion.Select(row => (JsonNode)new JsonArray([.. row.Select(v => (JsonNode)v)]))]);
        return new JsonObject
        {
            ["classes"] = classes,
            ["macro_f1"] = Round(MacroF1),
            ["accuracy"] = Round(Accuracy),
            ["count"] = Count,
            ["confusion"] = new JsonObject
            {
                ["labels"] = new JsonArray([.. Labels.Select(l => (JsonNode)l)]),
                ["matrix"] = matrix,
            },
        };
    }

    /// <summary>The report as a text table followed by the confusion matrix.</summary>
    public string ToText()
    {
        var width = Math.Max(9, Labels.Max(l => l.Length) + 2);
        var builder = new StringBuilder();
        builder.Append("label".PadRight(width)).AppendLine("precision  recall     f1  support");
        foreach (var label in Labels)
        {
            var m = Classes[label];
            builder.Append(label.PadRight(width))
                .Append(F(m.Precision).PadLeft(9)).Append(F(m.Recall).PadLeft(8)).Append(F(m.F1).PadLeft(7))
                .AppendLine(m.Support.ToString(CultureInfo.InvariantCulture).PadLeft(9));
        }

        builder.AppendLine(CultureInfo.InvariantCulture, $"macro-F1 {F(MacroF1)}  accuracy {F(Accuracy)}  examples {Count}");
        builder.AppendLine().AppendLine("confusion (rows: gold, columns: predicted)");
        var cell = Math.Max(width, 8);
        builder.Append(string.Empty.PadRight(width));
        foreach (var label in Labels)
        {
            builder.Append(label.PadLeft(cell));
        }

        builder.AppendLine();
        for (var i = 0; i < Labels.Count; i++)
        {
            builder.Append(Labels[i].PadRight(width));
            foreach (var value in Confusion[i])
            {
                builder.Append(value.ToString(CultureInfo.InvariantCulture).PadLeft(cell));
            }

            builder.AppendLine();
        }

        return builder.ToString();
    }

    private static double Round(double value) => Math.Round(value, 4);

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
