namespace AgentOps.Core.Triage.Evaluation;

/// <summary>
/// Chooses the probability from which a favored label is predicted, so that its recall reaches a target on held-out
/// predictions (out-of-fold predictions of the training data, never the test fold).
/// </summary>
public static class RecallThreshold
{
    /// <summary>
    /// The highest threshold <c>t</c> such that predicting the label whenever its probability is at least <c>t</c> recalls
    /// at least <paramref name="minRecall"/> of the examples that carry it (the highest, to keep precision).
    /// </summary>
    /// <param name="predictions">For each held-out example: whether its gold label is the favored one, and the probability given to it.</param>
    /// <param name="minRecall">The recall to reach, in (0, 1].</param>
    /// <returns>The threshold; 0 (always predict the label) when no example carries the label.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minRecall"/> is not in (0, 1].</exception>
    public static double Choose(IEnumerable<(bool IsLabel, double Probability)> predictions, double minRecall) => Choose(predictions, minRecall, null);

    /// <summary>
    /// As <see cref="Choose(IEnumerable{ValueTuple{bool, double}}, double)"/>, but when <paramref name="confidence"/> is
    /// given, the recall target is to hold on new examples with that probability rather than on the held-out ones only:
    /// of the n held-out examples carrying the label, sorted by decreasing probability, the threshold is the k-th, for the
    /// smallest k with P(Binomial(n, <paramref name="minRecall"/>) ≥ k) ≤ 1 − <paramref name="confidence"/> (the order
    /// statistic of the Neyman–Pearson umbrella algorithm, Tong, Feng and Li 2018, applied to the recall). When even the
    /// lowest probability cannot give that confidence (too few examples), it is the lowest.
    /// </summary>
    /// <param name="predictions">For each held-out example: whether its gold label is the favored one, and the probability given to it.</param>
    /// <param name="minRecall">The recall to reach, in (0, 1].</param>
    /// <param name="confidence">Probability in (0, 1) that the recall on new examples reaches <paramref name="minRecall"/>; null for the plain estimate.</param>
    /// <returns>The threshold; 0 (always predict the label) when no example carries the label.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minRecall"/> is not in (0, 1] or <paramref name="confidence"/> not in (0, 1).</exception>
    public static double Choose(IEnumerable<(bool IsLabel, double Probability)> predictions, double minRecall, double? confidence)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (minRecall is <= 0 or > 1 || double.IsNaN(minRecall))
        {
            throw new ArgumentOutOfRangeException(nameof(minRecall), minRecall, "The recall must be in (0, 1].");
        }

        if (confidence is { } c && (c is <= 0 or >= 1 || double.IsNaN(c)))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "The confidence must be in (0, 1).");
        }

        var positives = predictions.Where(p => p.IsLabel).Select(p => p.Probability).OrderByDescending(p => p).ToList();
        if (positives.Count == 0)
        {
            return 0;
        }

        // Recall reaches the target once the ceil(target * n) most probable positives are predicted.
        var needed = confidence is { } level
            ? OrderStatistic(positives.Count, minRecall, 1 - level)
            : (int)Math.Ceiling(minRecall * positives.Count - 1e-9);
        return positives[Math.Clamp(needed, 1, positives.Count) - 1];
    }

    /// <summary>The smallest k in 1..n with P(Binomial(n, p) ≥ k) ≤ delta, or n when there is none.</summary>
    private static int OrderStatistic(int n, double p, double delta)
    {
        if (p >= 1)
        {
            return n;
        }

        // Log of each binomial probability, then the upper tail summed from k = n down.
        var logPmf = new double[n + 1];
        var logChoose = 0.0;
        for (var j = 0; j <= n; j++)
        {
            if (j > 0)
            {
                logChoose += Math.Log(n - j + 1) - Math.Log(j);
            }

            logPmf[j] = logChoose + (j * Math.Log(p)) + ((n - j) * Math.Log(1 - p));
        }

        var tail = 0.0;
        var smallest = n;
        for (var k = n; k >= 1; k--)
        {
            tail += Math.Exp(logPmf[k]);
            if (tail > delta)
            {
                break;
            }

            smallest = k;
        }

        return smallest;
    }
}
