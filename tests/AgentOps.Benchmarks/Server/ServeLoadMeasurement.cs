using System.Diagnostics;
using System.Globalization;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Host.Cli;
using AgentOps.Host.Server;
using AgentOps.Infrastructure.LocalServers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AgentOps.Benchmarks.Server;

/// <summary>
/// Not a BenchmarkDotNet benchmark (a server under concurrent load does not fit its iteration model): seeds the SQLite
/// store with N incidents (and one incident with 10,000 timeline events), starts the real <c>serve</c> application
/// in-process on a free loopback port, and drives each read route with concurrent <see cref="HttpClient"/>s for a fixed
/// time: requests/s, p50 and p99 latency, against <c>/healthz</c> in the same run as the baseline.
/// Run: <c>dotnet run -c Release --project tests/AgentOps.Benchmarks -- serve-load [incidents=10000] [seconds=5] [concurrency=16]</c>.
/// </summary>
public static class ServeLoadMeasurement
{
    private const string Key = "bench-read-key";

    public static async Task<int> RunAsync(string[] args)
    {
        var incidents = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
        var folder = Path.Combine(Path.GetTempPath(), $"agentops-serve-load-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var settings = new Dictionary<string, string?>
        {
            ["Logging:File"] = string.Empty,
            ["Logging:ConsoleLevel"] = "Error",
            ["Storage:SqlitePath"] = Path.Combine(folder, "agentops.db"),
            ["Scheduling:SqlitePath"] = Path.Combine(folder, "scheduler.db"),
            ["Server:ApiKeys:0:Name"] = "bench",
            ["Server:ApiKeys:0:Hash"] = ApiKeyVerifier.Hash(Key),
            ["Server:RateLimitPermits"] = "0",
        };
        await using var context = new CliContext(TextWriter.Null, Console.Error, folder, settings);
        var port = FreePort.Next();
        var app = ServeCommand.Build(context, $"http://127.0.0.1:{port}");
        try
        {
            await app.StartAsync().ConfigureAwait(false);
            var (sample, big) = await SeedAsync(app.Services.GetRequiredService<IIncidentStore>(), incidents).ConfigureAwait(false);
            var routes = new (string Name, string Path)[]
            {
                ("GET /healthz (baseline)", "/healthz"),
                ("GET /api/v1/incidents?limit=50", "/api/v1/incidents?limit=50"),
                ("GET /api/v1/incidents?state=investigating&priority=P1&limit=50", "/api/v1/incidents?state=investigating&priority=P1&limit=50"),
                ("GET /api/v1/incidents?limit=50&offset=9000", $"/api/v1/incidents?limit=50&offset={Math.Max(0, incidents - 1000)}"),
                ("GET /api/v1/incidents/{id}", $"/api/v1/incidents/{sample}"),
                ("GET /api/v1/incidents/{id}/timeline?after=5000&limit=100 (10,000 events)", $"/api/v1/incidents/{big}/timeline?after=5000&limit=100"),
            };
            Console.WriteLine(Invariant($"serve-load: {incidents} incidents, {concurrency} concurrent clients, {seconds} s per route (after 1 s warm-up), {Environment.ProcessorCount} cores"));
            Console.WriteLine("| route | requests/s | p50 ms | p99 ms | req/s vs /healthz |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            double? baseline = null;
            foreach (var (name, path) in routes)
            {
                var uri = new Uri($"http://127.0.0.1:{port}{path}");
                await DriveAsync(uri, concurrency, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                var result = await DriveAsync(uri, concurrency, TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
                baseline ??= result.PerSecond;
                Console.WriteLine(Invariant($"| {name} | {result.PerSecond:0} | {result.P50:0.00} | {result.P99:0.00} | {result.PerSecond / baseline.Value:0.000} |"));
            }

            return 0;
        }
        finally
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(string Sample, string Big)> SeedAsync(IIncidentStore store, int count)
    {
        var clock = Stopwatch.StartNew();
        var states = Enum.GetValues<IncidentState>();
        // Recent, without SLA: the stale-incident sweep and SLA timers have nothing to do during the measurement.
        var now = DateTimeOffset.UtcNow.AddHours(-1);
        var sample = string.Empty;
        for (var i = 0; i < count; i++)
        {
            var incident = new Incident
            {
                Id = await store.NextIncidentIdAsync(now).ConfigureAwait(false),
                Title = Invariant($"Checkout errors on shop {i % 97} after deploy {i}"),
                Priority = (Priority)(i % 4 + 1),
                State = states[i % states.Length],
                CreatedAt = now.AddMilliseconds(i * 100),
            };
            incident.Tracks.Add(new Track { Number = 1, Kind = TrackKind.Application, Title = "Read the logs" });
            incident.Record(incident.CreatedAt, "intake", "email", "created", "Opened from an email");
            incident.Record(incident.CreatedAt.AddMilliseconds(50), "triage", "rules", "triaged", Invariant($"Priority {incident.Priority}"));
            await store.SaveAsync(incident).ConfigureAwait(false);
            sample = i == count / 2 ? incident.Id : sample;
        }

        var big = new Incident { Id = await store.NextIncidentIdAsync(now).ConfigureAwait(false), Title = "Long-running incident", CreatedAt = now };
        for (var e = 0; e < 10_000; e++)
        {
            big.Record(now.AddSeconds(e), "agent", "diagnostics", e % 3 == 0 ? "finding" : "note", Invariant($"Observation {e}"));
        }

        await store.SaveAsync(big).ConfigureAwait(false);
        Console.WriteLine(Invariant($"seeded {count} incidents + 1 with 10,000 events in {clock.Elapsed.TotalSeconds:0.0} s"));
        return (sample, big.Id);
    }

    private static async Task<(double PerSecond, double P50, double P99)> DriveAsync(Uri uri, int concurrency, TimeSpan duration)
    {
        var latencies = new List<double>[concurrency];
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Add("X-Api-Key", Key);
            var mine = latencies[worker] = [];
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var t0 = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(uri).ConfigureAwait(false);
                await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException(Invariant($"{uri} answered {(int)response.StatusCode}"));
                }

                mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
        })).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return (all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
