namespace AgentOps.Core.Triage.Evaluation;

/// <summary>Deterministic stratified k-fold split: each fold gets about the same share of every label.</summary>
public static class StratifiedFolds
{
    /// <summary>The fold (0..<paramref name="folds"/>-1) of each example.</summary>
    /// <param name="labels">Label of each example.</param>
    /// <param name="folds">Number of folds, at least 2.</param>
    /// <param name="seed">Seed of the shuffle, so that two runs (and two classifiers) see the same split.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is below 2 or above the number of examples.</exception>
    public static int[] Assign(IReadOnlyList<string> labels, int folds, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(folds, labels.Count);
#pragma warning disable CA5394 // Not security: a reproducible shuffle for cross-validation.
        var random = new Random(seed);
        var assignment = new int[labels.Count];
        var next = 0;
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var members = group.ToArray();
            random.Shuffle(members);
#pragma warning restore CA5394
            foreach (var member in members)
            {
                assignment[member] = next;
                next = (next + 1) % folds;
            }
        }

        return assignment;
    }
}
