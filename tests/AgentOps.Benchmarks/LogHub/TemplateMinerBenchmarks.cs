using AgentOps.Core.Diagnostics.Logs;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AgentOps.Benchmarks.LogHub;

/// <summary>
/// Lines per second of <see cref="LogTemplateMiner"/> (header parsing, masking, tree search, statistics) against a
/// baseline that only splits the same lines on white space, and of the header parser alone. Input: the LogHub 2k samples of the folder named by the
/// <c>AGENTOPS_LOGHUB_DIR</c> environment variable (set by <c>loghub DIR --bench</c>), repeated to 64 k lines.
/// Runs in process: on the shared build machine the generated out-of-process project did not build within
/// BenchmarkDotNet's two-minute limit.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class TemplateMinerBenchmarks
{
    private const int TargetLines = 64_000;
    private string[] _lines = [];

    /// <summary>3 warm-up and 8 measured iterations, in process.</summary>
    public sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig()
        {
            AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(8).WithToolchain(InProcessEmitToolchain.Instance));
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var dir = Environment.GetEnvironmentVariable("AGENTOPS_LOGHUB_DIR");
        if (string.IsNullOrEmpty(dir) || !Directory.Exists(dir))
        {
            throw new InvalidOperationException("Set AGENTOPS_LOGHUB_DIR to the LogHub folder (or run: loghub DIR --bench).");
        }

        var all = LogHubEvaluation.LoadSystems(dir).SelectMany(s => s.Lines).ToArray();
        _lines = [.. Enumerable.Range(0, TargetLines).Select(i => all[i % all.Length])];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = TargetLines)]
    public int TokenizeOnly()
    {
        var tokens = 0;
        foreach (var line in _lines)
        {
            var span = line.AsSpan();
            var inToken = false;
            foreach (var c in span)
            {
                var white = char.IsWhiteSpace(c);
                if (!white && !inToken)
                {
                    tokens++;
                }

                inToken = !white;
            }
        }

        return tokens;
    }

    [Benchmark(OperationsPerInvoke = TargetLines)]
    public int ParseHeaders()
    {
        var sum = 0;
        foreach (var line in _lines)
        {
            sum += LogHeaderParser.Parse(line, 2024).ContentStart;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = TargetLines)]
    public int Mine()
    {
        var miner = new LogTemplateMiner();
        foreach (var line in _lines)
        {
            miner.Add(line);
        }

        return miner.ClusterCount;
    }
}
