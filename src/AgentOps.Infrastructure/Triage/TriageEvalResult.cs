using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AgentOps.Core.Triage.Evaluation;

namespace AgentOps.Infrastructure.Triage;

/// <summary>What <c>agentops triage eval</c> measured.</summary>
/// <param name="Classifier">The classifier evaluated.</param>
/// <param name="Method">How: e.g. <c>5-fold stratified cross-validation</c> or <c>model m.zip on every row</c>.</param>
/// <param name="Skipped">Rows left out (empty label).</param>
/// <param name="Report">The classifier's figures.</param>
/// <param name="NaiveBayes">The bag-of-words naive-Bayes baseline on the same folds, when cross-validating.</param>
public sealed record TriageEvalResult(string Classifier, string Method, int Skipped, EvaluationReport Report, EvaluationReport? NaiveBayes)
{
    /// <summary>The report as text, then the baseline's summary line and per-class figures.</summary>
    public string ToText()
    {
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture, $"classifier {Classifier}: {Method}, {Report.Count} examples{(Skipped > 0 ? $" ({Skipped} without a label skipped)" : string.Empty)}");
        builder.AppendLine().Append(Report.ToText());
        if (NaiveBayes is not null)
        {
            builder.AppendLine().AppendLine("baseline: bag-of-words multinomial naive Bayes, same folds");
            builder.Append(NaiveBayes.ToText());
        }

        return builder.ToString();
    }

    /// <summary>
    /// One JSON object: the report's members (<c>classes</c>, <c>macro_f1</c>, <c>accuracy</c>, <c>count</c>, <c>confusion</c>),
    /// plus <c>classifier</c>, <c>method</c>, <c>skipped</c> and, when cross-validating, <c>baseline_naive_bayes</c> (same shape).
    /// </summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["classifier"] = Classifier,
            ["method"] = Method,
            ["skipped"] = Skipped,
        };
        foreach (var (key, value) in Report.ToJson().ToList())
        {
            json[key] = value?.DeepClone();
        }

        if (NaiveBayes is not null)
        {
            json["baseline_naive_bayes"] = NaiveBayes.ToJson();
        }

        return json;
    }
}
