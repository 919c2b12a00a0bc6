using System.Globalization;
using AgentOps.Core.Diagnostics.Logs;

namespace AgentOps.Benchmarks.LogHub;

/// <summary>
/// <c>loghub DIR --holdout</c>: leave-one-system-out check of the miner's numeric configuration. For each system, the
/// configuration of a small grid (similarity threshold, prefix depth, constant variants) with the best mean accuracy on
/// the <em>other</em> systems is frozen and scored on the held-out one, next to the shipped default. It tells whether
/// the single configuration was picked to suit any one file; it cannot tell anything about the hand-written masking
/// rules, which were written while looking at all eight files.
/// </summary>
internal static class HeldOutCheck
{
    private static readonly double[] Thresholds = [0.5, 0.6, 0.7, 0.8, 0.9];
    private static readonly int[] Depths = [1, 2, 3];
    private static readonly int[] Variants = [0, 2, 3, 4, 6];

    public static void Run(List<LogHubSystem> systems)
    {
        var grid = (from t in Thresholds from d in Depths from v in Variants select (Threshold: t, Depth: d, Variants: v)).ToList();
        var scores = new double[grid.Count, systems.Count];
        for (var c = 0; c < grid.Count; c++)
        {
            for (var s = 0; s < systems.Count; s++)
            {
                scores[c, s] = Score(systems[s], grid[c].Threshold, grid[c].Depth, grid[c].Variants);
            }
        }

        var defaults = new LogTemplateMinerOptions();
        var shipped = grid.FindIndex(g => g.Threshold == defaults.SimilarityThreshold && g.Depth == defaults.PrefixDepth && g.Variants == defaults.MaxConstantVariants);
        Console.WriteLine($"Leave-one-system-out over {grid.Count} configurations (threshold x prefix depth x constant variants):");
        Console.WriteLine($"{"Held out",-12} {"chosen on the other 7",-24} {"tied",5} {"held-out acc.",13} {"default acc.",12} {"best possible",13} {"worst",7}");
        var heldOut = new List<double>();
        for (var s = 0; s < systems.Count; s++)
        {
            var others = Enumerable.Range(0, grid.Count)
                .Select(c => Enumerable.Range(0, systems.Count).Where(o => o != s).Average(o => scores[c, o]))
                .ToList();
            // Ties on the other systems are broken in favour of the shipped default, and counted.
            var top = others.Max();
            var tied = Enumerable.Range(0, grid.Count).Where(c => others[c] >= top - 1e-12).ToList();
            var best = tied.Contains(shipped) ? shipped : tied[0];
            var oracle = Enumerable.Range(0, grid.Count).Max(c => scores[c, s]);
            var worst = Enumerable.Range(0, grid.Count).Min(c => scores[c, s]);
            heldOut.Add(scores[best, s]);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{systems[s].Name,-12} {$"t={grid[best].Threshold} d={grid[best].Depth} v={grid[best].Variants}",-24} {tied.Count,5} {scores[best, s],13:0.0000} {scores[shipped, s],12:0.0000} {oracle,13:0.0000} {worst,7:0.0000}"));
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{"Mean",-12} {"",-24} {"",5} {heldOut.Average(),13:0.0000} {Enumerable.Range(0, systems.Count).Average(s => scores[shipped, s]),12:0.0000}"));
    }

    private static double Score(LogHubSystem system, double threshold, int depth, int variants)
    {
        var miner = new LogTemplateMiner(new LogTemplateMinerOptions { SimilarityThreshold = threshold, PrefixDepth = depth, MaxConstantVariants = variants });
        var clusters = system.Lines.Select(l => miner.Add(l)).ToList();
        return GroupingAccuracy.Compute(system.Truth, [.. clusters.Select(miner.TemplateIdOf)]);
    }
}
