namespace AgentOps.Core.Triage.Evaluation;

/// <summary>Computes an <see cref="EvaluationReport"/> from gold labels and predictions.</summary>
public static class TriageEvaluator
{
    /// <summary>Compares <paramref name="predicted"/> with <paramref name="gold"/>, example by example.</summary>
    /// <param name="gold">The true labels.</param>
    /// <param name="predicted">The predicted labels, same length.</param>
    /// <param name="labelOrder">Labels to list first (e.g. high, medium, low); others follow in ordinal order.</param>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static EvaluationReport Evaluate(IReadOnlyList<string> gold, IReadOnlyList<string> predicted, IEnumerable<string>? labelOrder = null)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        if (gold.Count != predicted.Count)
        {
            throw new ArgumentException($"{gold.Count} gold labels but {predicted.Count} predictions.", nameof(predicted));
        }

        if (gold.Count == 0)
        {
            throw new ArgumentException("Nothing to evaluate: no examples.", nameof(gold));
        }

        var seen = gold.Concat(predicted).ToHashSet(StringComparer.Ordinal);
        var labels = (labelOrder ?? []).Where(seen.Contains).Distinct(StringComparer.Ordinal).ToList();
        labels.AddRange(seen.Except(labels).Order(StringComparer.Ordinal));
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var confusion = labels.Select(_ => new int[labels.Count]).ToArray();
        for (var i = 0; i < gold.Count; i++)
        {
            confusion[index[gold[i]]][index[predicted[i]]]++;
        }

        var classes = new Dictionary<string, ClassMetrics>(StringComparer.Ordinal);
        for (var k = 0; k < labels.Count; k++)
        {
            var truePositives = confusion[k][k];
            var support = confusion[k].Sum();
            var predictedCount = confusion.Sum(row => row[k]);
            var precision = predictedCount == 0 ? 0 : (double)truePositives / predictedCount;
            var recall = support == 0 ? 0 : (double)truePositives / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            classes[labels[k]] = new ClassMetrics(precision, recall, f1, support);
        }

        var correct = Enumerable.Range(0, labels.Count).Sum(k => confusion[k][k]);
        return new EvaluationReport(labels, classes, confusion, classes.Values.Average(c => c.F1), (double)correct / gold.Count, gold.Count);
    }
}
