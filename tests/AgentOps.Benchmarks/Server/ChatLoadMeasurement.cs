using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Host.Cli;
using AgentOps.Infrastructure.Chat;
using AgentOps.Infrastructure.LocalServers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentOps.Benchmarks.Server;

/// <summary>
/// Not a BenchmarkDotNet benchmark (a server under concurrent load does not fit its iteration model): the real
/// <c>agentops serve</c> application in-process on a free loopback port, a SQLite store holding
/// <c>incidents</c> incidents (<c>open-percent</c> of them open, SLA deadlines all in the future so no timer fires during the
/// run), and <c>clients</c> concurrent closed-loop clients for <c>seconds</c> per phase. Measuring starts 40 s after the
/// server, once the scheduler's first stale-incident sweep (30 s after start) has re-synced the open incidents' timers.
/// Phases: <c>GET /healthz</c> (baseline), signed <c>/chat/slack</c> with <c>help issue-start</c> (no store access) and
/// with <c>status</c> (each client waits for the result on a loopback <c>response_url</c> before sending again, so both
/// the acknowledgement and the full result are timed), and signed <c>/chat/teams</c> with <c>status</c> (synchronous).
/// Run: <c>dotnet run -c Release --project tests/AgentOps.Benchmarks -- chat-load [incidents] [clients] [seconds] [open-percent]</c>.
/// </summary>
public static class ChatLoadMeasurement
{
    private const string SlackSecret = "chat-load-signing-secret";
    private static readonly string TeamsToken = Convert.ToBase64String(Encoding.UTF8.GetBytes("chat-load-teams-security-token!!"));

    public static async Task<int> RunAsync(string[] args)
    {
        var incidents = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        var duration = TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20);
        var openPercent = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
        var folder = Path.Combine(Path.GetTempPath(), $"agentops-chat-load-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            await using var receiver = await Receiver.StartAsync().ConfigureAwait(false);
            var settings = new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "sqlite",
                ["Storage:SqlitePath"] = Path.Combine(folder, "agentops.db"),
                ["Scheduling:SqlitePath"] = Path.Combine(folder, "scheduler.db"),
                ["Logging:File"] = string.Empty,
                ["Logging:Level"] = "Warning",
                ["Chat:Slack:SigningSecret"] = SlackSecret,
                ["Chat:Slack:QueueCapacity"] = "10000",
                ["Chat:Teams:SecurityToken"] = TeamsToken,
                ["Chat:ResponseUrlHosts:0"] = "127.0.0.1",

                // Every client comes from 127.0.0.1: the per-source limit (600 a minute by default) would answer 429.
                ["Server:RateLimitPermits"] = "0",
            };
            await using var context = new CliContext(TextWriter.Null, Console.Error, folder, settings);
            var port = FreePort.Next();
            var baseAddress = new Uri($"http://127.0.0.1:{port}");
            await using var app = ServeCommand.Build(context, baseAddress.ToString());
            var seeding = Stopwatch.StartNew();
            var open = await SeedAsync(app.Services.GetRequiredService<IIncidentStore>(), incidents, openPercent).ConfigureAwait(false);
            Console.WriteLine(Invariant($"seeded {incidents} incidents ({open} open) in {seeding.Elapsed.TotalSeconds:0.0} s; {clients} clients, {duration.TotalSeconds:0} s per phase, {Environment.ProcessorCount} cores, server, clients and response_url listener in one process"));
            await app.StartAsync().ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(40)).ConfigureAwait(false);

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = baseAddress };
            var phases = new List<Phase>
            {
                await MeasureAsync("GET /healthz (baseline)", clients, duration, async ct =>
                {
                    using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), ct).ConfigureAwait(false);
                    response.EnsureSuccessStatusCode();
                    return (null, null);
                }).ConfigureAwait(false),
                await MeasureAsync("/chat/slack help issue-start", clients, duration, ct => SlackAsync(http, receiver, "help issue-start", ct)).ConfigureAwait(false),
                await MeasureAsync("/chat/slack status", clients, duration, ct => SlackAsync(http, receiver, "status", ct)).ConfigureAwait(false),
                await MeasureAsync("/chat/teams status", clients, duration, async ct =>
                {
                    using var request = Teams("<at>AgentOps</at> status");
                    using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
                    response.EnsureSuccessStatusCode();
                    var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                    return text.Contains("Open incidents:", StringComparison.Ordinal) ? (null, null) : throw new InvalidOperationException(text);
                }).ConfigureAwait(false),
            };

            var baseline = phases[0].PerSecond;
            Console.WriteLine();
            Console.WriteLine("| phase | requests | req/s | vs /healthz | answer p50 | answer p99 | result p50 | result p99 | errors |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var p in phases)
            {
                Console.WriteLine(Invariant(
                    $"| {p.Label} | {p.Count:N0} | {p.PerSecond:N0} | {p.PerSecond / baseline:0.000} | {Percentile(p.Ack, 0.5):0.0} ms | {Percentile(p.Ack, 0.99):0.0} ms | {Ms(Percentile(p.Result, 0.5))} | {Ms(Percentile(p.Result, 0.99))} | {p.Errors} |"));
            }

            await app.StopAsync().ConfigureAwait(false);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>One signed slash command; waits for its result on the response_url. Returns the time to the ack and to the result.</summary>
    private static async Task<(double? Ack, double? Result)> SlackAsync(HttpClient http, Receiver receiver, string text, CancellationToken ct)
    {
        var (id, url) = receiver.NewUrl();
        var clock = Stopwatch.StartNew();
        double ack;
        using (var request = Slack(text, url))
        {
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var reply = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            ack = clock.Elapsed.TotalMilliseconds;
            if (!reply.Contains("Running", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(reply);
            }
        }

        var posted = await receiver.WaitAsync(id, ct).ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        using var message = JsonDocument.Parse(posted);
        return message.RootElement.GetProperty("text").GetString()!.Contains("```", StringComparison.Ordinal) ? (ack, elapsed) : throw new InvalidOperationException(posted);
    }

    private static HttpRequestMessage Slack(string text, string responseUrl)
    {
        var body = $"team_id=T1&channel_id=C1&user_id=U1&user_name=load&command=%2Fpm&text={Uri.EscapeDataString(text)}&response_url={Uri.EscapeDataString(responseUrl)}&trigger_id={Guid.NewGuid():N}";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/chat/slack") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Compute(SlackSecret, timestamp, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    private static HttpRequestMessage Teams(string text)
    {
        var body = JsonSerializer.Serialize(new
        {
            type = "message",
            id = Guid.NewGuid().ToString("N"),
            timestamp = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            from = new { id = "29:load", name = "load", aadObjectId = "00000000-0000-0000-0000-00000000load" },
            text,
        });
        var request = new HttpRequestMessage(HttpMethod.Post, "/chat/teams") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", TeamsSignature.Compute(TeamsToken, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    /// <summary>Runs <paramref name="one"/> in <paramref name="clients"/> closed loops: 2 s of warm-up, then <paramref name="duration"/> timed.</summary>
    private static async Task<Phase> MeasureAsync(string label, int clients, TimeSpan duration, Func<CancellationToken, Task<(double? Ack, double? Result)>> one)
    {
        var phase = new Phase(label);
        foreach (var (window, record) in new[] { (TimeSpan.FromSeconds(2), false), (duration, true) })
        {
            using var stop = new CancellationTokenSource(window);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        var (ack, result) = await one(CancellationToken.None).ConfigureAwait(false);
                        if (record)
                        {
                            phase.Record(ack ?? Stopwatch.GetElapsedTime(started).TotalMilliseconds, result);
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TimeoutException)
                    {
                        if (record)
                        {
                            phase.Fail();
                        }
                    }
                }
            }))).ConfigureAwait(false);
            phase.Elapsed = clock.Elapsed;
        }

        Console.WriteLine(Invariant($"{label}: {phase.Count} in {phase.Elapsed.TotalSeconds:0.0} s, {phase.PerSecond:N0}/s, {phase.Errors} errors"));
        return phase;
    }

    private static async Task<int> SeedAsync(IIncidentStore store, int count, int openPercent)
    {
        var now = DateTimeOffset.UtcNow;
        var open = 0;
        var every = openPercent <= 0 ? int.MaxValue : Math.Max(1, 100 / openPercent);
        for (var i = 0; i < count; i++)
        {
            var isOpen = i % every == 0;
            var created = isOpen ? now.AddMinutes(-(i % 50)) : now.AddMinutes(-(count - i) * 7);
            var incident = new Incident
            {
                Id = await store.NextIncidentIdAsync(created).ConfigureAwait(false),
                Title = $"Seeded incident {i}: checkout latency on shard {i % 37}",
                Priority = (Priority)(1 + (i % 4)),
                Severity = (Severity)(1 + (i % 4)),
                State = isOpen ? (IncidentState)((int)IncidentState.Triaged + (i / every % 3)) : IncidentState.Closed,
                CreatedAt = created,
                Sla = new SlaDeadlines(created.AddHours(4), created.AddDays(3)),
            };
            if (!isOpen)
            {
                incident.ResolvedAt = created.AddHours(2);
                incident.ClosedAt = created.AddHours(3);
            }

            incident.Record(created, "chat-load", "benchmark", "created", $"Incident opened: {incident.Title}");
            incident.Record(created.AddMinutes(5), "chat-load", "benchmark", "note", "Seeded for the chat load measurement");
            await store.SaveAsync(incident).ConfigureAwait(false);
            open += isOpen ? 1 : 0;
        }

        return open;
    }

    private static string Ms(double value) => double.IsNaN(value) ? "–" : Invariant($"{value:0.0} ms");

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Max(0, Math.Ceiling(p * sorted.Count) - 1))];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class Phase(string label)
    {
        private readonly Lock _lock = new();

        public string Label { get; } = label;

        public List<double> Ack { get; } = [];

        public List<double> Result { get; } = [];

        public int Errors { get; private set; }

        public TimeSpan Elapsed { get; set; }

        public int Count => Ack.Count;

        public double PerSecond => Count / Elapsed.TotalSeconds;

        public void Record(double ack, double? result)
        {
            lock (_lock)
            {
                Ack.Add(ack);
                if (result is { } r)
                {
                    Result.Add(r);
                }
            }
        }

        public void Fail()
        {
            lock (_lock)
            {
                Errors++;
            }
        }
    }

    /// <summary>A loopback listener standing in for Slack's response_url.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _posts = new();
        private WebApplication _app = null!;
        private Uri _base = null!;

        public static async Task<Receiver> StartAsync()
        {
            var receiver = new Receiver { _base = new Uri($"http://127.0.0.1:{FreePort.Next()}") };
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls(receiver._base.ToString());
            receiver._app = builder.Build();
            receiver._app.MapPost("/r/{id}", async (string id, HttpContext http) =>
            {
                using var reader = new StreamReader(http.Request.Body);
                receiver.Completion(id).TrySetResult(await reader.ReadToEndAsync().ConfigureAwait(false));
                return Results.Text("ok");
            });
            await receiver._app.StartAsync().ConfigureAwait(false);
            return receiver;
        }

        public (string Id, string Url) NewUrl()
        {
            var id = Guid.NewGuid().ToString("N");
            return (id, new Uri(_base, $"/r/{id}").ToString());
        }

        public async Task<string> WaitAsync(string id, CancellationToken ct)
        {
            try
            {
                return await Completion(id).Task.WaitAsync(TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
            }
            finally
            {
                _posts.TryRemove(id, out _);
            }
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);

        private TaskCompletionSource<string> Completion(string id) =>
            _posts.GetOrAdd(id, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
