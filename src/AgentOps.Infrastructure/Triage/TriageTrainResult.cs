using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentOps.Infrastructure.Triage;

/// <summary>What <c>agentops triage train</c> did.</summary>
/// <param name="ModelPath">Full path of the saved model.</param>
/// <param name="Examples">Rows trained on.</param>
/// <param name="Skipped">Rows left out (empty label).</param>
/// <param name="LabelCounts">Examples per label, most frequent first.</param>
/// <param name="Duration">Training time.</param>
public sealed record TriageTrainResult(string ModelPath, int Examples, int Skipped, IReadOnlyList<KeyValuePair<string, int>> LabelCounts, TimeSpan Duration)
{
    /// <summary>A few lines for the terminal.</summary>
    public string ToText()
    {
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture, $"model saved to {ModelPath}");
        builder.AppendLine(CultureInfo.InvariantCulture, $"trained on {Examples} examples in {Duration.TotalSeconds:0.0} s{(Skipped > 0 ? $" ({Skipped} rows without a label skipped)" : string.Empty)}");
        builder.AppendLine("labels: " + string.Join(", ", LabelCounts.Select(p => $"{p.Key} {p.Value}")));
        return builder.ToString();
    }

    /// <summary>The same as JSON: <c>{model, examples, skipped, labels:{label:count}, seconds}</c>.</summary>
    public JsonObject ToJson()
    {
        var labels = new JsonObject();
        foreach (var (label, count) in LabelCounts)
        {
            labels[label] = count;
        }

        return new JsonObject
        {
            ["model"] = ModelPath,
            ["examples"] = Examples,
            ["skipped"] = Skipped,
            ["labels"] = labels,
            ["seconds"] = Math.Round(Duration.TotalSeconds, 2),
        };
    }
}
