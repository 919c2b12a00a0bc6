using System.Diagnostics;
using System.Globalization;
using AgentOps.Benchmarks.Intake;
using AgentOps.Benchmarks.LogHub;
using AgentOps.Core.Intake;
using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Mail;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AgentOps.Benchmarks.Triage;

/// <summary>
/// <c>intake-cpu --data DIR [--rounds 5] [--only parser|rules|language]</c>: the CPU cost per email of the intake's
/// pure stages (no store): a bare MimeKit parse as the baseline, <see cref="MimeEmailParser"/>, the rules classifier
/// and <see cref="LanguageDetector"/>, each in microseconds per mail and as a ratio of speed to the baseline, rounds
/// interleaved so that a busy machine slows every stage alike. Both wall-clock time and the thread's CPU time are
/// shown: on a shared machine the CPU time is the steadier of the two; so are the bytes each stage allocates. With <c>--only</c>, loops on that stage alone
/// (for a profiler).
/// </summary>
internal static class IntakeCpuCommand
{
    public static int Run(string[] args)
    {
        var data = Option(args, "--data");
        if (data is null || !Directory.Exists(data))
        {
            Console.Error.WriteLine("usage: intake-cpu --data DIR [--rounds 5] [--only parser|rules|language]");
            return 2;
        }

        var rounds = int.Parse(Option(args, "--rounds") ?? "5", CultureInfo.InvariantCulture);
        var only = Option(args, "--only");
        var mails = Directory.EnumerateFiles(data, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".eml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        var parser = new MimeEmailParser(Options.Create(new MailOptions()));
        var inputs = new List<TriageInput>(mails.Count);
        foreach (var bytes in mails)
        {
            if (TryParse(parser, bytes) is { } email)
            {
                inputs.Add(new TriageInput(email.Subject, email.TextForTriage));
            }
        }

        var stages = new (string Name, Action Run)[]
        {
            ("bare MimeKit", () => Bare(mails)),
            ("parser", () => mails.ForEach(m => TryParse(parser, m))),
            ("rules", () => inputs.ForEach(i => IntakeThroughputCommand.Rules.Analyze(i))),
            ("language", () => inputs.ForEach(i => LanguageDetector.Detect(i.Subject + "\n" + i.Body))),
        };
        if (only is not null)
        {
            var stage = stages.Single(s => s.Name == only);
            for (var round = 0; round < rounds; round++)
            {
                stage.Run();
            }

            return 0;
        }

        Console.WriteLine($"{mails.Count} emails, {inputs.Count} parsed, {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var (_, run) in stages)
        {
            run();
        }

        var wall = stages.ToDictionary(s => s.Name, _ => new List<double>());
        var cpu = stages.ToDictionary(s => s.Name, _ => new List<double>());
        var allocated = stages.ToDictionary(s => s.Name, _ => 0.0);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, run) in stages)
            {
                var watch = Stopwatch.StartNew();
                var cpuStart = ThreadCpuTime.Now();
                var allocatedStart = GC.GetAllocatedBytesForCurrentThread();
                run();
                allocated[name] = (GC.GetAllocatedBytesForCurrentThread() - allocatedStart) / 1024.0 / mails.Count;
                cpu[name].Add((ThreadCpuTime.Now() - cpuStart).TotalSeconds * 1e6 / mails.Count);
                wall[name].Add(watch.Elapsed.TotalSeconds * 1e6 / mails.Count);
            }
        }

        var bareWall = Median(wall["bare MimeKit"]);
        var bareCpu = Median(cpu["bare MimeKit"]);
        foreach (var (name, _) in stages)
        {
            var (wallMedian, cpuMedian) = (Median(wall[name]), Median(cpu[name]));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-14} wall {wallMedian,7:0.0} µs/mail (speed ratio to bare MimeKit {bareWall / wallMedian:0.00}), thread CPU {cpuMedian,7:0.0} µs/mail (ratio {bareCpu / cpuMedian:0.00}); medians of {rounds}; allocated {allocated[name]:0.0} KiB/mail"));
        }

        Console.WriteLine($"load after: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static InboundEmail? TryParse(MimeEmailParser parser, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        try
        {
            return parser.Parse(stream);
        }
        catch (EmailRejectedException)
        {
            return null;
        }
    }

    private static void Bare(List<byte[]> mails)
    {
        var parts = 0;
        foreach (var bytes in mails)
        {
            using var stream = new MemoryStream(bytes, writable: false);
            parts += MimeMessage.Load(stream).BodyParts.Count();
        }

        GC.KeepAlive(parts);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
