using System.Diagnostics;
using System.Globalization;
using AgentOps.Core.Diagnostics.Logs;

namespace AgentOps.Benchmarks.LogHub;

/// <summary>
/// <c>loghub DIR [--show SYSTEM | --bench | --holdout]</c>: mines every <c>DIR/System/System_2k.log</c> from its raw lines with the default
/// <see cref="LogTemplateMinerOptions"/>, scores grouping accuracy against <c>System_2k.log_structured.csv</c> and prints
/// it next to Drain's and Brain's published figures, then a plain lines/s figure. <c>--show</c> prints the groups that
/// were wrong for one system; <c>--bench</c> runs <see cref="TemplateMinerBenchmarks"/> on the same files;
/// <c>--holdout</c> runs <see cref="HeldOutCheck"/>.
/// </summary>
internal static class LogHubEvaluation
{
    public static int Run(string[] args)
    {
        if (args.Length == 0 || !Directory.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: loghub DIR [--show SYSTEM | --bench | --holdout]   (DIR holds System/System_2k.log and System_2k.log_structured.csv)");
            return 2;
        }

        if (args.Length >= 2 && args[1] == "--bench")
        {
            // BenchmarkDotNet's child processes inherit the environment.
            Environment.SetEnvironmentVariable("AGENTOPS_LOGHUB_DIR", Path.GetFullPath(args[0]));
            BenchmarkDotNet.Running.BenchmarkRunner.Run<TemplateMinerBenchmarks>();
            return 0;
        }

        var show = args.Length >= 3 && args[1] == "--show" ? args[2] : null;
        var systems = LoadSystems(args[0]);
        if (systems.Count == 0)
        {
            Console.Error.WriteLine($"No System/System_2k.log with its _structured.csv under {args[0]}.");
            return 1;
        }

        if (args.Length >= 2 && args[1] == "--holdout")
        {
            HeldOutCheck.Run(systems);
            return 0;
        }

        Console.WriteLine($"{"System",-12} {"Lines",6} {"Events",6} {"Ours",7} {"Drain",7} {"Brain",7} {"vs Drain",9}");
        var ours = new List<double>();
        var drains = new List<double>();
        var brains = new List<double>();
        foreach (var system in systems)
        {
            var miner = new LogTemplateMiner();
            var parsed = system.Lines.Select(l => miner.Add(l)).ToList().Select(miner.TemplateIdOf).ToList();
            var accuracy = GroupingAccuracy.Compute(system.Truth, parsed);
            ours.Add(accuracy);
            var published = PublishedFigures.BySystem.TryGetValue(system.Name, out var p) ? p : (Drain: double.NaN, Brain: double.NaN);
            drains.Add(published.Drain);
            brains.Add(published.Brain);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{system.Name,-12} {system.Lines.Count,6} {system.Truth.Distinct().Count(),6} {accuracy,7:0.0000} {published.Drain,7:0.0000} {published.Brain,7:0.0000} {accuracy - published.Drain,9:+0.0000;-0.0000;0}"));
            if (string.Equals(show, system.Name, StringComparison.OrdinalIgnoreCase))
            {
                ShowErrors(system, parsed, miner);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"Mean",-12} {"",6} {"",6} {ours.Average(),7:0.0000} {drains.Average(),7:0.0000} {brains.Average(),7:0.0000}"));
        MeasureThroughput(systems);
        return 0;
    }

    internal static List<LogHubSystem> LoadSystems(string root)
    {
        var systems = new List<LogHubSystem>();
        foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            var log = Path.Combine(dir, $"{name}_2k.log");
            var structured = log + "_structured.csv";
            if (!File.Exists(log) || !File.Exists(structured))
            {
                continue;
            }

            var rows = CsvTable.Read(structured);
            var eventColumn = Array.IndexOf(rows[0], "EventId");
            var contentColumn = Array.IndexOf(rows[0], "Content");
            var data = rows.Skip(1).Where(r => r.Length > eventColumn).ToList();
            var truth = data.Select(r => r[eventColumn]).ToList();
            var lines = File.ReadAllLines(log).ToList();
            if (lines.Count > truth.Count && lines.Skip(truth.Count).All(string.IsNullOrWhiteSpace))
            {
                lines = lines.Take(truth.Count).ToList();
            }

            // The raw line i must hold the ground-truth content of row i, or the scores would mean nothing.
            var misaligned = Enumerable.Range(0, Math.Min(lines.Count, data.Count))
                .Count(i => !lines[i].Contains(data[i][contentColumn].Trim(), StringComparison.Ordinal));
            if (lines.Count != truth.Count || misaligned > 0)
            {
                throw new InvalidDataException($"{name}: {lines.Count} raw lines, {truth.Count} ground-truth rows, {misaligned} rows whose content is not in the raw line.");
            }

            systems.Add(new LogHubSystem(name, lines, truth));
        }

        return systems;
    }

    private static void ShowErrors(LogHubSystem system, List<int> parsed, LogTemplateMiner miner)
    {
        foreach (var group in Enumerable.Range(0, parsed.Count).GroupBy(i => parsed[i]))
        {
            var events = group.Select(i => system.Truth[i]).Distinct().ToList();
            var truthSize = events.Count == 1 ? system.Truth.Count(t => t == events[0]) : -1;
            if (events.Count == 1 && truthSize == group.Count())
            {
                continue;
            }

            Console.WriteLine($"  [{group.Key}] x{group.Count()} events={string.Join(',', events)} (truth size {truthSize}) {miner.TemplateText(group.Key)}");
            foreach (var e in events.Take(4))
            {
                var first = group.First(i => system.Truth[i] == e);
                Console.WriteLine($"      {e}: {system.Lines[first]}");
            }
        }
    }

    /// <summary>
    /// Alternates rounds of a bare white-space split, of mining with a warm miner (templates already created) and of
    /// mining with a fresh miner (every template created on the way, as <see cref="TemplateMinerBenchmarks.Mine"/>), and
    /// keeps the fastest round of each, in wall-clock time and in the thread's CPU time. On a shared machine the CPU time
    /// is the figure for "one core": it leaves out the time the thread waited for a core.
    /// </summary>
    private static void MeasureThroughput(List<LogHubSystem> systems)
    {
        var all = systems.SelectMany(s => s.Lines).ToArray();
        const int Rounds = 15;
        const int PassesPerRound = 4;
        var warm = new LogTemplateMiner();
        foreach (var line in all)
        {
            warm.Add(line);
        }

        var split = new Best();
        var mineWarm = new Best();
        var mineCold = new Best();
        var tokens = 0L;
        for (var round = 0; round < Rounds; round++)
        {
            split.Measure(() =>
            {
                for (var pass = 0; pass < PassesPerRound; pass++)
                {
                    foreach (var line in all)
                    {
                        tokens += CountTokens(line);
                    }
                }
            });
            mineWarm.Measure(() =>
            {
                for (var pass = 0; pass < PassesPerRound; pass++)
                {
                    foreach (var line in all)
                    {
                        warm.Add(line);
                    }
                }
            });
            mineCold.Measure(() =>
            {
                var cold = new LogTemplateMiner();
                for (var pass = 0; pass < PassesPerRound; pass++)
                {
                    foreach (var line in all)
                    {
                        cold.Add(line);
                    }
                }

                tokens += cold.ClusterCount;
            });
        }

        var lines = (double)all.Length * PassesPerRound;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Throughput, best of {Rounds} rounds of {lines:N0} lines, one thread (checksum {tokens % 7}):"));
        Console.WriteLine($"{"",-22} {"wall lines/s",14} {"CPU lines/s",14} {"ratio (CPU)",12}");
        foreach (var (name, best) in new[] { ("white-space split", split), ("mining, warm miner", mineWarm), ("mining, fresh miner", mineCold) })
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name,-22} {lines / best.Wall.TotalSeconds,14:N0} {lines / best.Cpu.TotalSeconds,14:N0} {best.Cpu.TotalSeconds / split.Cpu.TotalSeconds,12:0.00}"));
        }
    }

    /// <summary>Fastest wall-clock and CPU times of the rounds measured so far.</summary>
    private sealed class Best
    {
        public TimeSpan Wall { get; private set; } = TimeSpan.MaxValue;

        public TimeSpan Cpu { get; private set; } = TimeSpan.MaxValue;

        public void Measure(Action action)
        {
            var cpu = ThreadCpuTime.Now();
            var watch = Stopwatch.StartNew();
            action();
            Wall = Min(Wall, watch.Elapsed);
            Cpu = Min(Cpu, ThreadCpuTime.Now() - cpu);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static int CountTokens(string line)
    {
        var count = 0;
        var inToken = false;
        foreach (var c in line)
        {
            var white = char.IsWhiteSpace(c);
            if (!white && !inToken)
            {
                count++;
            }

            inToken = !white;
        }

        return count;
    }
}
