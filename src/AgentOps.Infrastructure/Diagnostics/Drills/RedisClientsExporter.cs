using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace AgentOps.Infrastructure.Diagnostics.Drills;

/// <summary>
/// What redis_exporter does for a real service: one long-lived connection, opened while Redis is healthy, that reads
/// <c>INFO</c> at every scrape and exports <c>redis_connected_clients</c>, <c>redis_config_maxclients</c> and
/// <c>redis_rejected_connections_total</c> in the Prometheus text format. Holding its connection is what lets it
/// keep reporting once the pool is exhausted and new connections are refused.
/// </summary>
internal sealed class RedisClientsExporter : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly IServer _server;

    private RedisClientsExporter(ConnectionMultiplexer connection, IServer server)
    {
        _connection = connection;
        _server = server;
    }

    /// <summary>Connects to Redis on loopback <paramref name="port"/> (one connection: no subscriber).</summary>
    public static async Task<RedisClientsExporter> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", port } },
            AllowAdmin = true,
            AbortOnConnectFail = true,
            ClientName = "redis-exporter",
            CommandMap = CommandMap.Create(["SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE"], available: false),
        };
        var connection = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(cancellationToken).ConfigureAwait(false);
        return new RedisClientsExporter(connection, connection.GetServer(options.EndPoints[0]));
    }

    /// <summary>The gauges and counter as Prometheus text; empty when Redis does not answer (the scrape then has no Redis series).</summary>
    public async Task<string> RenderAsync()
    {
        try
        {
            var info = (await _server.InfoAsync().ConfigureAwait(false)).SelectMany(g => g)
                .GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
            var maxClients = await _server.ConfigGetAsync("maxclients").ConfigureAwait(false);
            var text = new StringBuilder();
            Append(text, "redis_connected_clients", "gauge", info.GetValueOrDefault("connected_clients"));
            Append(text, "redis_config_maxclients", "gauge", maxClients.Length > 0 ? maxClients[0].Value : null);
            Append(text, "redis_rejected_connections_total", "counter", info.GetValueOrDefault("rejected_connections"));
            return text.ToString();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return string.Empty;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _connection.DisposeAsync().ConfigureAwait(false);

    private static void Append(StringBuilder text, string name, string type, string? value)
    {
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            text.Append(CultureInfo.InvariantCulture, $"# TYPE {name} {type}\n{name} {number}\n");
        }
    }
}
