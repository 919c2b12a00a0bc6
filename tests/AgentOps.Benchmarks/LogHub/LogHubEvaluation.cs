using System.Diagnostics;
using System.Globalization;
using AgentOps.Core.Diagnostics.Logs;

namespace AgentOps.Benchmarks.LogHub;

/// <summary>
/// <c>loghub DIR [--show SYSTEM | --bench]</c>: mines every <c>DIR/System/System_2k.log</c> from its raw lines with the default
/// <see cref="LogTemplateMinerOptions"/>, scores grouping accuracy against <c>System_2k.log_structured.csv</c> and prints
/// it next to Drain's and Brain's published figures, then a plain lines/s figure. <c>--show</c> prints the groups that
/// were wrong for one system; <c>--bench</c> runs <see cref="TemplateMinerBenchmarks"/> on the same files.
/// </summary>
internal static class LogHubEvaluation
{
    public static int Run(string[] args)
    {
        if (args.Length == 0 || !Directory.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: loghub DIR [--show SYSTEM | --bench]   (DIR holds System/System_2k.log and System_2k.log_structured.csv)");
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

    /// <summary>Alternates rounds of a bare white-space split and of mining over the same lines and keeps the fastest
    /// round of each: the minimum is the figure least disturbed by other processes on a shared machine.</summary>
    private static void MeasureThroughput(List<LogHubSystem> systems)
    {
        var all = systems.SelectMany(s => s.Lines).ToArray();
        const int Rounds = 15;
        const int PassesPerRound = 4;
        var miner = new LogTemplateMiner();
        foreach (var line in all)
        {
            miner.Add(line);
        }

        var bestSplit = TimeSpan.MaxValue;
        var bestMine = TimeSpan.MaxValue;
        var tokens = 0L;
        for (var round = 0; round < Rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            for (var pass = 0; pass < PassesPerRound; pass++)
            {
                foreach (var line in all)
                {
                    tokens += CountTokens(line);
                }
            }

            bestSplit = Min(bestSplit, watch.Elapsed);
            watch.Restart();
            for (var pass = 0; pass < PassesPerRound; pass++)
            {
                foreach (var line in all)
                {
                    miner.Add(line);
                }
            }

            bestMine = Min(bestMine, watch.Elapsed);
        }

        var lines = (double)all.Length * PassesPerRound;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Throughput (best of {Rounds} rounds of {lines:N0} lines, one thread, warm miner): mining {lines / bestMine.TotalSeconds:N0} lines/s, white-space split {lines / bestSplit.TotalSeconds:N0} lines/s, ratio {bestMine.TotalSeconds / bestSplit.TotalSeconds:0.00}, checksum {tokens % 7}"));
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
