using System.Diagnostics;
using System.Globalization;
using System.Text;
using AgentOps.Infrastructure.GitHub;
using Xunit.Abstractions;

namespace AgentOps.Infrastructure.Tests.GitHub;

/// <summary>
/// The figures of <c>docs/benchmarks.md</c>: an 8-track epic against the simulator with 100 ms latency per call,
/// bounded-parallel sync against the same sync one call after another, the cost of a no-op re-sync, and convergence under
/// 20 % injected faults. Times are printed (and written to <c>AGENTOPS_BENCH_OUT</c> when set), never asserted; the
/// assertions are on correctness: no duplicate, no write on a no-op sync.
/// </summary>
public sealed class GitHubSyncMeasurementTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task EpicSync_EightTracksAt100msLatency_ParallelBeatsSequentialAndReSyncWritesNothing()
    {
        // Arrange
        var report = new StringBuilder();

        await MeasureAsync(maxConcurrency: 4); // warm-up: JIT, first connections

        // Act
        var parallel = await MeasureAsync(maxConcurrency: 4);
        var sequential = await MeasureAsync(maxConcurrency: 1);

        // Assert
        report.AppendLine("| run | API calls | writes | wall time |").AppendLine("|---|---:|---:|---:|");
        report.AppendLine(Row("epic-sync, bounded parallel (4)", parallel.First));
        report.AppendLine(Row("epic-sync, one call after another", sequential.First));
        report.AppendLine(Row("second epic-sync (no-op)", parallel.Second));
        report.AppendLine(CultureInfo.InvariantCulture, $"\nspeed-up parallel vs sequential: {sequential.First.Elapsed.TotalMilliseconds / parallel.First.Elapsed.TotalMilliseconds:0.00}x");
        Emit(report.ToString());
        Assert.Equal(0, parallel.Second.Writes);
        Assert.Equal(9, parallel.Issues);
        Assert.Equal(9, sequential.Issues);
        Assert.Equal(parallel.First.Calls, sequential.First.Calls);
    }

    [Fact]
    public async Task EpicSync_TwentyPercentFaultsOverFiveSeeds_ConvergesWithoutDuplicates()
    {
        // Arrange
        var report = new StringBuilder("| seed | faults injected | rounds to converge | API calls | issues | duplicates | sub-issues linked | no-op writes after |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");

        foreach (var seed in new[] { 1, 2, 3, 4, 5 })
        {
            await using var harness = await GitHubHarness.StartAsync();
            var incident = await harness.NewIncidentAsync(tracks: 8);
            harness.Simulator.ConfigureFaults(0.2, Latency, seed: seed);

            // Act
            var (result, rounds) = await harness.SyncUntilConvergedAsync(incident.Id);
            var converged = result is not null;

            var faults = harness.Simulator.Requests.Count(r => r.Fault is not null);
            var calls = harness.Simulator.Requests.Count;
            harness.Simulator.ConfigureFaults(0, TimeSpan.Zero);
            harness.Simulator.ClearRequests();
            await harness.Sync.EpicSyncAsync(incident.Id);
            var noOpWrites = harness.Simulator.Requests.Count(r => r.IsWrite);
            var issues = harness.Simulator.Issues();
            var keys = issues.Select(i => GitHubMarker.Parse(i.Body)!.Key).ToList();
            var duplicates = keys.Count - keys.Distinct().Count();
            var linked = issues.Single(i => GitHubMarker.Parse(i.Body)!.Track is null).SubIssueIds.Count;
            report.AppendLine(CultureInfo.InvariantCulture, $"| {seed} | {faults} | {rounds} | {calls} | {issues.Count} | {duplicates} | {linked}/8 | {noOpWrites} |");

            // Assert
            Assert.True(converged);
            Assert.Equal(0, duplicates);
            Assert.Equal(9, issues.Count);
            Assert.Equal(8, linked);
            Assert.Equal(0, noOpWrites);
        }

        Emit(report.ToString());
    }

    private async Task<(RunFigures First, RunFigures Second, int Issues)> MeasureAsync(int maxConcurrency)
    {
        await using var harness = await GitHubHarness.StartAsync(s => s["GitHub:MaxConcurrency"] = maxConcurrency.ToString(CultureInfo.InvariantCulture));
        var incident = await harness.NewIncidentAsync(tracks: 8);
        harness.Simulator.ConfigureFaults(0, Latency);
        var watch = Stopwatch.StartNew();
        await harness.Sync.EpicSyncAsync(incident.Id);
        var first = Figures(harness, watch.Elapsed);
        harness.Simulator.ClearRequests();
        watch.Restart();
        await harness.Sync.EpicSyncAsync(incident.Id);
        var second = Figures(harness, watch.Elapsed);
        return (first, second, harness.Simulator.Issues().Count);
    }

    private static RunFigures Figures(GitHubHarness harness, TimeSpan elapsed)
    {
        var requests = harness.Simulator.Requests;
        return new RunFigures(requests.Count, requests.Count(r => r.IsWrite), elapsed);
    }

    private static string Row(string name, RunFigures figures) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {figures.Calls} | {figures.Writes} | {figures.Elapsed.TotalMilliseconds:0} ms |");

    private void Emit(string text)
    {
        output.WriteLine(text);
        if (Environment.GetEnvironmentVariable("AGENTOPS_BENCH_OUT") is { Length: > 0 } path)
        {
            File.AppendAllText(path, text + Environment.NewLine);
        }
    }

    private sealed record RunFigures(int Calls, int Writes, TimeSpan Elapsed);
}
