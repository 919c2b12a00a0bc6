using System.Globalization;

namespace AgentOps.Core.Triage.Evaluation;

/// <summary>
/// A decision rule over a classifier's probabilities: the favored label (e.g. <c>high</c>) wins whenever its probability
/// reaches <see cref="Threshold"/>; otherwise the label with the highest probability times its weight wins. Chosen on
/// held-out predictions (out-of-fold predictions of the training data, never the test fold) so that the favored label
/// reaches a recall and, under that constraint, the macro-F1 is as high as the weights allow.
/// </summary>
public sealed class FavoredLabelRule
{
    private static readonly double[] Grid = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0];
    private readonly Dictionary<string, double> _weights;

    private FavoredLabelRule(string favoredLabel, double threshold, Dictionary<string, double> weights)
    {
        FavoredLabel = favoredLabel;
        Threshold = threshold;
        _weights = weights;
    }

    /// <summary>The label that wins whenever its probability reaches <see cref="Threshold"/>.</summary>
    public string FavoredLabel { get; }

    /// <summary>Probability from which <see cref="FavoredLabel"/> is predicted.</summary>
    public double Threshold { get; }

    /// <summary>Weight of each other label's probability when the favored label does not win (1 for a label not listed).</summary>
    public IReadOnlyDictionary<string, double> Weights => _weights;

    /// <summary>
    /// Chooses the rule on held-out predictions: the threshold is the highest one reaching <paramref name="minRecall"/> on
    /// them (<see cref="RecallThreshold.Choose(IEnumerable{ValueTuple{bool, double}}, double, double?)"/>, with
    /// <paramref name="confidence"/>); then the weights of the other labels are searched one label at a time
    /// over a grid from 0.5 to 3 (two rounds) for the highest macro-F1 of the held-out predictions. The weights never
    /// change which examples get the favored label, so its recall stays what the threshold gives.
    /// </summary>
    /// <param name="heldOut">For each held-out example: its gold label and the probability of each label.</param>
    /// <param name="favoredLabel">The label whose recall must reach <paramref name="minRecall"/>.</param>
    /// <param name="minRecall">The recall to reach, in (0, 1].</param>
    /// <param name="confidence">Probability in (0, 1) that the recall holds on new examples, not only on the held-out ones; null (default) for the plain estimate.</param>
    /// <exception cref="ArgumentException">No held-out example.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minRecall"/> is not in (0, 1] or <paramref name="confidence"/> not in (0, 1).</exception>
    public static FavoredLabelRule Choose(IReadOnlyList<(string Gold, IReadOnlyDictionary<string, double> Probabilities)> heldOut, string favoredLabel, double minRecall, double? confidence = null)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentException.ThrowIfNullOrEmpty(favoredLabel);
        if (heldOut.Count == 0)
        {
            throw new ArgumentException("Cannot choose a rule on no held-out predictions.", nameof(heldOut));
        }

        var threshold = RecallThreshold.Choose(heldOut.Select(h => (string.Equals(h.Gold, favoredLabel, StringComparison.Ordinal), h.Probabilities.GetValueOrDefault(favoredLabel))), minRecall, confidence);
        var others = heldOut.SelectMany(h => h.Probabilities.Keys).Where(l => !string.Equals(l, favoredLabel, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var weights = others.ToDictionary(l => l, _ => 1.0, StringComparer.Ordinal);
        var gold = heldOut.Select(h => h.Gold).ToList();
        var best = MacroF1(heldOut, gold, favoredLabel, threshold, weights);

        // Only the ratios of the weights matter: the first other label keeps weight 1.
        for (var round = 0; round < 2; round++)
        {
            foreach (var label in others.Skip(1))
            {
                var kept = weights[label];
                foreach (var candidate in Grid)
                {
                    weights[label] = candidate;
                    var score = MacroF1(heldOut, gold, favoredLabel, threshold, weights);
                    if (score > best + 1e-12)
                    {
                        best = score;
                        kept = candidate;
                    }
                }

                weights[label] = kept;
            }
        }

        return new FavoredLabelRule(favoredLabel, threshold, weights);
    }

    /// <summary>The label this rule gives to an example with these <paramref name="probabilities"/>.</summary>
    /// <exception cref="ArgumentException">No probability given.</exception>
    public string Decide(IReadOnlyDictionary<string, double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        return Decide(probabilities, FavoredLabel, Threshold, _weights);
    }

    /// <summary>The rule in words, e.g. <c>high from 0.262, then medium×1, low×1.25</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{FavoredLabel} from {Threshold:0.000}, then {string.Join(", ", _weights.Select(w => $"{w.Key}×{w.Value:0.##}"))}");

    private static string Decide(IReadOnlyDictionary<string, double> probabilities, string favoredLabel, double threshold, Dictionary<string, double> weights)
    {
        if (probabilities.Count == 0)
        {
            throw new ArgumentException("No probability to decide from.", nameof(probabilities));
        }

        if (probabilities.TryGetValue(favoredLabel, out var favored) && favored >= threshold)
        {
            return favoredLabel;
        }

        string? best = null;
        var bestScore = double.NegativeInfinity;
        foreach (var (label, probability) in probabilities.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var score = string.Equals(label, favoredLabel, StringComparison.Ordinal) ? probability : probability * weights.GetValueOrDefault(label, 1.0);
            if (score > bestScore)
            {
                bestScore = score;
                best = label;
            }
        }

        return best!;
    }

    private static double MacroF1(IReadOnlyList<(string Gold, IReadOnlyDictionary<string, double> Probabilities)> heldOut, List<string> gold, string favoredLabel, double threshold, Dictionary<string, double> weights) =>
        TriageEvaluator.Evaluate(gold, [.. heldOut.Select(h => Decide(h.Probabilities, favoredLabel, threshold, weights))]).MacroF1;
}
