using System.ComponentModel;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.SemanticKernel;
using StackExchange.Redis;

namespace AgentOps.Infrastructure.Tools.Redis;

/// <summary>
/// Read-only Redis diagnostics as kernel functions (INFO, CONFIG GET, SLOWLOG GET). Each call opens one short-lived
/// connection; a refused connection is probed once more to tell "max number of clients reached" from "down".
/// </summary>
public sealed class RedisPlugin
{
    private const string Tool = "redis";
    private readonly RedisToolOptions _options;

    public RedisPlugin(RedisToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    [KernelFunction("clients"), Description("Redis clients: connected_clients against maxclients (CONFIG GET), blocked_clients and rejected_connections since start.")]
    public Task<string> ClientsAsync(CancellationToken cancellationToken = default) =>
        GuardAsync(async (server, ct) =>
        {
            var info = await InfoAsync(server).ConfigureAwait(false);
            var maxClients = await ConfigAsync(server, "maxclients").ConfigureAwait(false);
            var connected = Long(info, "connected_clients");
            return new
            {
                ok = true,
                connected_clients = connected,
                maxclients = maxClients,
                usage_ratio = maxClients > 0 ? Math.Round((double)connected / maxClients, 3) : 0,
                blocked_clients = Long(info, "blocked_clients"),
                rejected_connections = Long(info, "rejected_connections"),
                note = "connected_clients includes this probe",
            };
        }, cancellationToken);

    [KernelFunction("memory"), Description("Redis memory: used_memory against maxmemory, fragmentation ratio, eviction policy and evicted_keys.")]
    public Task<string> MemoryAsync(CancellationToken cancellationToken = default) =>
        GuardAsync(async (server, ct) =>
        {
            var info = await InfoAsync(server).ConfigureAwait(false);
            var maxMemory = Long(info, "maxmemory");
            var used = Long(info, "used_memory");
            return new
            {
                ok = true,
                used_memory = used,
                maxmemory = maxMemory,
                usage_ratio = maxMemory > 0 ? Math.Round((double)used / maxMemory, 3) : 0,
                fragmentation_ratio = info.TryGetValue("mem_fragmentation_ratio", out var f) && double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) ? ratio : 0,
                maxmemory_policy = info.GetValueOrDefault("maxmemory_policy", string.Empty),
                evicted_keys = Long(info, "evicted_keys"),
                expired_keys = Long(info, "expired_keys"),
            };
        }, cancellationToken);

    [KernelFunction("slowlog"), Description("Latest entries of the Redis SLOWLOG: when, duration in microseconds and the command (arguments trimmed).")]
    public Task<string> SlowlogAsync(
        [Description("Most entries to return (1-50).")] int count = 10,
        CancellationToken cancellationToken = default) =>
        GuardAsync(async (server, ct) =>
        {
            var entries = await server.SlowlogGetAsync(Math.Clamp(count, 1, 50)).ConfigureAwait(false);
            return new
            {
                ok = true,
                entries = entries.Select(e => new
                {
                    id = e.UniqueId,
                    at = new DateTimeOffset(e.Time.ToUniversalTime(), TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture),
                    duration_us = (long)(e.Duration.TotalMilliseconds * 1000),
                    command = ToolJson.Trim(string.Join(' ', e.Arguments.Select(a => (string?)a)), 120),
                }).ToArray(),
            };
        }, cancellationToken);

    private static long Long(Dictionary<string, string> info, string key) =>
        info.TryGetValue(key, out var value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static async Task<Dictionary<string, string>> InfoAsync(IServer server)
    {
        var groups = await server.InfoAsync().ConfigureAwait(false);
        return groups.SelectMany(g => g).GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
    }

    private static async Task<long> ConfigAsync(IServer server, string name)
    {
        var values = await server.ConfigGetAsync(name).ConfigureAwait(false);
        return values.Length > 0 && long.TryParse(values[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    private ConfigurationOptions Configuration()
    {
        var configuration = ConfigurationOptions.Parse(_options.Configuration!);
        configuration.AbortOnConnectFail = true;
        configuration.ConnectRetry = 0;
        configuration.ConnectTimeout = _options.TimeoutSeconds * 1000;
        configuration.SyncTimeout = _options.TimeoutSeconds * 1000;
        configuration.AsyncTimeout = _options.TimeoutSeconds * 1000;
        configuration.AllowAdmin = true;
        configuration.ClientName = "agentops-diagnostics";
        // One connection only: the probe must not take two slots of a pool that may be exhausted.
        configuration.CommandMap = CommandMap.Create(["SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE"], available: false);
        return configuration;
    }

    private Task<string> GuardAsync(Func<IServer, CancellationToken, Task<object>> body, CancellationToken cancellationToken) =>
        ToolJson.GuardAsync(Tool, TimeSpan.FromSeconds((_options.TimeoutSeconds * 2) + 1), async ct =>
        {
            if (string.IsNullOrWhiteSpace(_options.Configuration))
            {
                return ToolJson.Error(Tool, "no configuration set (Tools:Redis:Configuration)");
            }

            var configuration = Configuration();
            ConnectionMultiplexer? multiplexer = null;
            var refusals = 0;
            for (var attempt = 1; multiplexer is null; attempt++)
            {
                try
                {
                    multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
                }
                catch (RedisConnectionException ex)
                {
                    var reply = await RawPingAsync(configuration.EndPoints[0], ct).ConfigureAwait(false);
                    var full = reply is not null && reply.Contains("max number of clients", StringComparison.OrdinalIgnoreCase);
                    refusals += full ? 1 : 0;
                    // A pool at its limit frees a slot now and then: a PONG means "try again", anything else is final.
                    if (attempt >= 3 || reply is null || (!full && !reply.StartsWith("+PONG", StringComparison.Ordinal)))
                    {
                        return Refusal(ex, reply, refusals, attempt);
                    }

                    await Task.Delay(100 * attempt, ct).ConfigureAwait(false);
                }
            }

            await using (multiplexer.ConfigureAwait(false))
            {
                try
                {
                    return await body(multiplexer.GetServer(configuration.EndPoints[0]), ct).ConfigureAwait(false);
                }
                catch (RedisServerException ex) when (ex.Message.Contains("max number of clients", StringComparison.OrdinalIgnoreCase))
                {
                    return new { ok = false, tool = Tool, error = ex.Message, max_clients_reached = true };
                }
            }
        }, cancellationToken);

    // StackExchange.Redis reports a refused handshake as a generic connection failure; the raw PINGs tell why.
    private static object Refusal(RedisConnectionException ex, string? lastReply, int refusals, int attempts)
    {
        var full = refusals > 0;
        return new
        {
            ok = false,
            tool = Tool,
            error = full
                ? $"connection refused by Redis: ERR max number of clients reached ({refusals} of {attempts} attempts)"
                : $"cannot connect: {ToolJson.Trim(ex.Message, 200)}{(lastReply is null ? string.Empty : $" (server said: {lastReply.Trim()})")}",
            max_clients_reached = full,
        };
    }

    private async Task<string?> RawPingAsync(EndPoint endPoint, CancellationToken ct)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
            switch (endPoint)
            {
                case DnsEndPoint dns:
                    await client.ConnectAsync(dns.Host, dns.Port, timeout.Token).ConfigureAwait(false);
                    break;
                case IPEndPoint ip:
                    await client.ConnectAsync(ip, timeout.Token).ConfigureAwait(false);
                    break;
                default:
                    return null;
            }

            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token).ConfigureAwait(false);
            var buffer = new byte[256];
            var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
            return read > 0 ? Encoding.ASCII.GetString(buffer, 0, read) : null;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return null;
        }
    }
}
