using System.Diagnostics;
using System.Globalization;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Sla;
using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.Scheduling;
using AgentOps.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentOps.Benchmarks;

/// <summary>
/// Not a BenchmarkDotNet benchmark (a running scheduler does not fit its iteration model): 10,000 open incidents with
/// live SLA timers in the SQLite job store — resident memory and scheduler CPU against the same process with no
/// timers — and the delay from an SLA breach to the escalation being recorded, against a plain <see cref="Timer"/>
/// firing at the same due times. Run: <c>dotnet run -c Release --project tests/AgentOps.Benchmarks -- timers [incidents]</c>.
/// </summary>
public static class TimerMeasurement
{
    public static async Task RunAsync(int incidents)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"agentops-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            using var host = Build(folder);
            await host.StartAsync().ConfigureAwait(false);
            var store = host.Services.GetRequiredService<IIncidentStore>();
            var timers = host.Services.GetRequiredService<ISlaTimers>();

            var idle = await SampleAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            Console.WriteLine(Invariant($"baseline (scheduler running, 0 timers): RSS {idle.RssMb:0.0} MB, CPU {idle.CpuPercent:0.00} % of one core over {idle.Window.TotalSeconds:0} s"));

            var clock = Stopwatch.StartNew();
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < incidents; i++)
            {
                var incident = NewIncident(await store.NextIncidentIdAsync(now).ConfigureAwait(false), now, TimeSpan.FromHours(2), TimeSpan.FromHours(8));
                await store.SaveAsync(incident).ConfigureAwait(false);
                await timers.SyncAsync(incident).ConfigureAwait(false);
            }

            clock.Stop();
            Console.WriteLine(Invariant($"scheduled {incidents} incidents ({incidents * 4} triggers) in {clock.Elapsed.TotalSeconds:0.0} s: {clock.Elapsed.TotalMilliseconds / incidents:0.00} ms per incident (save + sync)"));
            GC.Collect();
            var loaded = await SampleAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            Console.WriteLine(Invariant($"with {incidents} live incidents: RSS {loaded.RssMb:0.0} MB ({loaded.RssMb / idle.RssMb:0.00}x baseline), CPU {loaded.CpuPercent:0.00} % of one core"));

            var sweep = Stopwatch.StartNew();
            var (examined, _) = await host.Services.GetRequiredService<StaleIncidentSweeper>().SweepAsync().ConfigureAwait(false);
            Console.WriteLine(Invariant($"sweep (re-sync of {examined} open incidents' timers): {sweep.Elapsed.TotalSeconds:0.0} s"));

            await BreachLatencyAsync(store, timers).ConfigureAwait(false);
            await host.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task BreachLatencyAsync(IIncidentStore store, ISlaTimers timers)
    {
        const int samples = 20;
        var start = DateTimeOffset.UtcNow.AddSeconds(3);
        var dues = Enumerable.Range(0, samples).Select(i => start.AddMilliseconds(250 * i)).ToList();

        var timerLatencies = new List<double>();
        var done = new CountdownEvent(samples);
        var plainTimers = dues.Select(due => new Timer(_ =>
        {
            lock (timerLatencies)
            {
                timerLatencies.Add((DateTimeOffset.UtcNow - due).TotalMilliseconds);
            }

            done.Signal();
        }, null, due - DateTimeOffset.UtcNow, Timeout.InfiniteTimeSpan)).ToList();

        var ids = new List<(string Id, DateTimeOffset Due)>();
        foreach (var due in dues)
        {
            var incident = NewIncident(await store.NextIncidentIdAsync(due).ConfigureAwait(false), DateTimeOffset.UtcNow, due - DateTimeOffset.UtcNow, TimeSpan.FromHours(8));
            await store.SaveAsync(incident).ConfigureAwait(false);
            await timers.SyncAsync(incident).ConfigureAwait(false);
            ids.Add((incident.Id, incident.Sla!.AcknowledgeBy));
        }

        done.Wait(TimeSpan.FromSeconds(60));
        var escalationLatencies = new List<double>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (escalationLatencies.Count < samples && DateTimeOffset.UtcNow < deadline)
        {
            escalationLatencies.Clear();
            foreach (var (id, due) in ids)
            {
                var alert = (await store.ListOutboxAsync(id).ConfigureAwait(false)).FirstOrDefault(m => m.Id == $"{id}/page-1");
                if (alert is not null)
                {
                    escalationLatencies.Add((alert.CreatedAt - due).TotalMilliseconds);
                }
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        foreach (var timer in plainTimers)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        Console.WriteLine(Invariant($"breach → escalation recorded ({escalationLatencies.Count}/{samples} with 10,000 other incidents live): p50 {Percentile(escalationLatencies, 0.5):0} ms, p95 {Percentile(escalationLatencies, 0.95):0} ms, max {escalationLatencies.DefaultIfEmpty().Max():0} ms"));
        Console.WriteLine(Invariant($"baseline System.Threading.Timer at the same due times: p50 {Percentile(timerLatencies, 0.5):0.0} ms, p95 {Percentile(timerLatencies, 0.95):0.0} ms, max {timerLatencies.DefaultIfEmpty().Max():0.0} ms"));
    }

    private static IHost Build(string folder)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = folder });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "sqlite",
            ["Storage:SqlitePath"] = Path.Combine(folder, "agentops.db"),
            ["Scheduling:SqlitePath"] = Path.Combine(folder, "scheduler.db"),
            ["Scheduling:SweepInterval"] = "01:00:00",
            ["Scheduling:MailboxPollInterval"] = "00:00:00",
            ["Scheduling:GitHubSyncInterval"] = "00:00:00",
            ["Escalation:Targets:0:Name"] = "support",
            ["Escalation:Policies:P1:Levels:0:Level"] = "1",
            ["Escalation:Policies:P1:Levels:0:Targets:0"] = "support",
            ["Escalation:Policies:P1:Levels:0:Delay"] = "00:15:00",
        });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAgentOpsStorage(builder.Configuration);
        builder.Services.AddAgentOpsScheduling(builder.Configuration);
        return builder.Build();
    }

    private static Incident NewIncident(string id, DateTimeOffset now, TimeSpan ackIn, TimeSpan resolveIn) => new()
    {
        Id = id,
        Title = "benchmark incident",
        Priority = Priority.P1,
        State = IncidentState.Triaged,
        CreatedAt = now,
        Sla = new SlaDeadlines(now + ackIn, now + resolveIn),
    };

    private static async Task<(double RssMb, double CpuPercent, TimeSpan Window)> SampleAsync(TimeSpan window)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await Task.Delay(window).ConfigureAwait(false);
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / wall.Elapsed.TotalMilliseconds * 100;
        return (process.WorkingSet64 / 1024.0 / 1024.0, cpu, window);
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
