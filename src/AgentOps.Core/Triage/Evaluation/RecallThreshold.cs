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
    public static double Choose(IEnumerable<(bool IsLabel, double Probability)> predictions, double minRecall)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (minRecall is <= 0 or > 1 || double.IsNaN(minRecall))
        {
            throw new ArgumentOutOfRangeException(nameof(minRecall), minRecall, "The recall must be in (0, 1].");
        }

        var positives = predictions.Where(p => p.IsLabel).Select(p => p.Probability).OrderByDescending(p => p).ToList();
        if (positives.Count == 0)
        {
            return 0;
        }

        // Recall reaches the target once the ceil(target * n) most probable positives are predicted.
        var needed = (int)Math.Ceiling(minRecall * positives.Count - 1e-9);
        return positives[Math.Clamp(needed, 1, positives.Count) - 1];
    }
}
