namespace AgentOps.Benchmarks.LogHub;

/// <summary>Grouping accuracy as LogPAI's evaluator computes it: a line counts as correct only when the set of lines
/// of its parsed group is exactly the set of lines that share its ground-truth event id.</summary>
internal static class GroupingAccuracy
{
    public static double Compute(IReadOnlyList<string> truth, IReadOnlyList<int> parsed)
    {
        if (truth.Count != parsed.Count)
        {
            throw new ArgumentException($"{truth.Count} ground-truth rows but {parsed.Count} parsed lines.", nameof(parsed));
        }

        var truthSizes = truth.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var correct = 0;
        foreach (var group in Enumerable.Range(0, parsed.Count).GroupBy(i => parsed[i]))
        {
            var lines = group.ToList();
            var events = lines.Select(i => truth[i]).Distinct(StringComparer.Ordinal).ToList();
            if (events.Count == 1 && truthSizes[events[0]] == lines.Count)
            {
                correct += lines.Count;
            }
        }

        return (double)correct / truth.Count;
    }
}
