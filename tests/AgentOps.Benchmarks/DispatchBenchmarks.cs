using System.Threading.Channels;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Dispatch;
using BenchmarkDotNet.Attributes;

namespace AgentOps.Benchmarks;

/// <summary>
/// Overhead per work item of <see cref="WorkDispatcher"/> (priorities, aging, per-skill limits, cancellation
/// bookkeeping, a completion per item) against a plain unbounded <see cref="Channel{T}"/> drained by the same number of
/// workers. The work itself does nothing, so the figures are the queueing cost only.
/// </summary>
[MemoryDiagnoser]
[InProcess]
[WarmupCount(3)]
[IterationCount(15)]
public class DispatchBenchmarks
{
    private const int Items = 10_000;
    private const int Workers = 4;
    private static readonly string[] Skills = ["triage", "database", "cache", "github", "comms"];
    private static readonly Func<CancellationToken, Task> Noop = _ => Task.CompletedTask;
    private WorkItem[] _items = [];

    [GlobalSetup]
    public void Setup() =>
        _items = Enumerable.Range(0, Items)
            .Select(i => new WorkItem($"INC-2026-{i % 100:0000}", (Priority)(1 + (i % 4)), WorkKind.TrackInvestigation, Skills[i % Skills.Length], Noop))
            .ToArray();

    [Benchmark(Baseline = true, OperationsPerInvoke = Items)]
    public async Task PlainChannel()
    {
        var channel = Channel.CreateUnbounded<WorkItem>();
        var readers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            await foreach (var item in channel.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await item.Run(CancellationToken.None).ConfigureAwait(false);
            }
        })).ToArray();
        foreach (var item in _items)
        {
            channel.Writer.TryWrite(item);
        }

        channel.Writer.Complete();
        await Task.WhenAll(readers).ConfigureAwait(false);
    }

    [Benchmark(OperationsPerInvoke = Items)]
    public async Task PriorityDispatcher()
    {
        await using var dispatcher = new WorkDispatcher(new DispatcherOptions { MaxConcurrency = Workers, DefaultSkillLimit = Workers }, TimeProvider.System);
        var completions = new Task[Items];
        for (var i = 0; i < Items; i++)
        {
            completions[i] = dispatcher.Enqueue(_items[i]).Completion;
        }

        await Task.WhenAll(completions).ConfigureAwait(false);
    }
}
