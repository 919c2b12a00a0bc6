using System.Net;
using System.Net.Sockets;
using System.Text;
using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.LocalServers;
using AgentOps.Infrastructure.Tools;
using AgentOps.Infrastructure.Tools.Http;
using AgentOps.Infrastructure.Tools.Prometheus;
using AgentOps.Infrastructure.Tools.Redis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AgentOps.Infrastructure.Diagnostics.Drills;

/// <summary>
/// Seed <c>000</c>: the auth service keeps its sessions in Redis; session clients leak connections until Redis
/// reaches a small <c>maxclients</c>, and logins fail. A real Prometheus scrapes the auth service's request metrics and,
/// as redis_exporter would, Redis's clients against <c>maxclients</c> (healthy baseline first, then the incident). The
/// engine must name Redis connection pool exhaustion, the load behind it and the failing logins.
/// </summary>
public sealed class RedisPoolDrill : IDrill
{
    private const int MaxClients = 20;
    private const int Clients = 30;

    /// <summary>Share of Redis's <c>maxclients</c> in use, from the exporter's series.</summary>
    public const string SaturationQuery = "max(redis_connected_clients / redis_config_maxclients)";
    private readonly DrillInvestigation _investigation;

    public RedisPoolDrill(DrillInvestigation investigation)
    {
        _investigation = investigation;
    }

    /// <inheritdoc />
    public string Name => "redis-pool";

    /// <inheritdoc />
    public string Description => "Redis with maxclients 20 and 30 session clients that hold connections: auth logins time out.";

    /// <summary>How long the load runs before the investigation starts. Default 2 s.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Healthy login traffic scraped by Prometheus before the leak starts (the baseline window). Default 4 s.</summary>
    public TimeSpan Baseline { get; init; } = TimeSpan.FromSeconds(4);

    /// <inheritdoc />
    public async Task<DrillResult> RunAsync(CancellationToken cancellationToken)
    {
        var time = _investigation.Time;
        var drillStart = time.GetTimestamp();
        await using var redis = await RedisServer.StartAsync(
            new Dictionary<string, string> { ["maxclients"] = MaxClients.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            cancellationToken).ConfigureAwait(false);
        var metrics = new DrillMetrics();
        await using var exporter = await RedisClientsExporter.ConnectAsync(redis.Port, cancellationToken).ConfigureAwait(false);
        await using var app = await DrillWebApp.StartAsync(web => MapApp(web, redis.Port, metrics, exporter, time), cancellationToken).ConfigureAwait(false);
        await using var prometheus = await PrometheusServer.StartAsync([$"{app.Url.Host}:{app.Url.Port}"], TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);

        using var load = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var logins = RunLoginsAsync(http, new Uri(app.Url, "api/auth/login"), load.Token);
        var counters = new LoadCounters();
        var workers = new List<Task> { logins };
        try
        {
            // The baseline window must hold healthy samples: wait for the first rates, then for the baseline itself.
            await prometheus.WaitForDataAsync("sum(rate(http_requests_total[5s]))", TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
            await Task.Delay(Baseline, time, cancellationToken).ConfigureAwait(false);
            var incidentStart = time.GetUtcNow();
            workers.AddRange(Enumerable.Range(0, Clients).Select(i => RunSessionClientAsync(redis.Port, i, counters, load.Token)));
            await Task.Delay(WarmUp, time, cancellationToken).ConfigureAwait(false);
            var tools = new ToolsOptions
            {
                Redis = new RedisToolOptions { Configuration = redis.Configuration, TimeoutSeconds = 2 },
                Prometheus = new PrometheusToolOptions
                {
                    Url = prometheus.Url,
                    Window = "5s",
                    BaselineOffset = $"{(int)Baseline.TotalSeconds}s",
                    SaturationQuery = SaturationQuery,
                },
                Http = new HttpProbeOptions
                {
                    Targets = [new HttpProbeTarget { Name = "auth-service", Url = new Uri(app.Url, "api/auth/health") }],
                    ProbeCount = 5,
                    TimeoutSeconds = 3,
                },
            };
            var (result, _) = await _investigation.InvestigateAsync(
                Name,
                "Random timeouts on login (30 % of connections)",
                [TrackKind.Cache, TrackKind.Network, TrackKind.Monitoring],
                tools,
                FindingCategories.CachePoolExhausted,
                null,
                incidentStart,
                drillStart,
                cancellationToken).ConfigureAwait(false);
            return result with { Notes = [.. result.Notes, $"load: {Clients} session clients against maxclients {MaxClients}: {counters}"] };
        }
        finally
        {
            await load.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
    }

    private static void MapApp(WebApplication app, int redisPort, DrillMetrics metrics, RedisClientsExporter exporter, TimeProvider time)
    {
        app.MapGet("/metrics", async () => Results.Text(metrics.Render() + await exporter.RenderAsync().ConfigureAwait(false), "text/plain; version=0.0.4"));
        app.MapGet("/api/auth/health", (CancellationToken ct) => SessionStoreAsync(redisPort, ct));
        app.MapGet("/api/auth/login", async (CancellationToken ct) =>
        {
            var started = time.GetTimestamp();
            var result = await SessionStoreAsync(redisPort, ct).ConfigureAwait(false);
            metrics.Record(result is IStatusCodeHttpResult { StatusCode: { } code } ? code : 200, time.GetElapsedTime(started));
            return result;
        });
    }

    private static async Task<IResult> SessionStoreAsync(int redisPort, CancellationToken ct)
    {
        try
        {
            using var client = await ConnectAsync(redisPort, ct).ConfigureAwait(false);
            var reply = await PingAsync(client, ct).ConfigureAwait(false);
            return reply.StartsWith("+PONG", StringComparison.Ordinal)
                ? Results.Ok(new { status = "up" })
                : Results.Json(new { status = "down", error = $"session store: {reply.Trim()}" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception ex) when (ex is SocketException or IOException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return Results.Json(new { status = "down", error = $"session store: {ex.Message}" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static async Task RunLoginsAsync(HttpClient http, Uri login, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var response = await http.GetAsync(login, cancellationToken).ConfigureAwait(false);
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // The auth service itself struggling is part of the incident; the next login tries again.
            }
        }
    }

    // A leaky session client: holds its connection for a while, pings it, drops it and takes a new one.
    private static async Task RunSessionClientAsync(int port, int client, LoadCounters counters, CancellationToken cancellationToken)
    {
        var random = new Random(client);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var connection = await ConnectAsync(port, cancellationToken).ConfigureAwait(false);
                var reply = await PingAsync(connection, cancellationToken).ConfigureAwait(false);
                if (!reply.StartsWith("+PONG", StringComparison.Ordinal))
                {
                    counters.Failure(reply.Trim());
                    await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                counters.Success();
                var hold = TimeSpan.FromMilliseconds(1500 + random.Next(1500));
                for (var held = TimeSpan.Zero; held < hold; held += TimeSpan.FromMilliseconds(250))
                {
                    await Task.Delay(250, cancellationToken).ConfigureAwait(false);
                    await PingAsync(connection, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
            {
                counters.Failure(ex is OperationCanceledException ? "no answer from Redis within 2 s" : ex.Message);
            }
        }
    }

    private static async Task<TcpClient> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task<string> PingAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token).ConfigureAwait(false);
        var buffer = new byte[128];
        var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
        return read == 0 ? throw new IOException("connection closed by Redis") : Encoding.ASCII.GetString(buffer, 0, read);
    }
}
