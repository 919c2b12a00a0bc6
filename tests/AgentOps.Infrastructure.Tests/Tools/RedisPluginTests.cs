using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AgentOps.Infrastructure.LocalServers;
using AgentOps.Infrastructure.Tools.Redis;
using StackExchange.Redis;

namespace AgentOps.Infrastructure.Tests.Tools;

public sealed class RedisPluginTests : IAsyncLifetime
{
    private RedisServer? _redis;

    private RedisServer Redis => _redis!;

    public async Task InitializeAsync() =>
        _redis = await RedisServer.StartAsync(new Dictionary<string, string>
        {
            ["maxclients"] = "50",
            ["maxmemory"] = "2mb",
            ["maxmemory-policy"] = "allkeys-lru",
            ["slowlog-log-slower-than"] = "0",
        });

    public async Task DisposeAsync() => await Redis.DisposeAsync();

    [Fact]
    public async Task ClientsAsync_LiveServer_ReportsClientsAgainstMaxClients()
    {
        // Arrange
        var plugin = Plugin(Redis.Configuration);

        // Act
        using var json = JsonDocument.Parse(await plugin.ClientsAsync());

        // Assert
        var root = json.RootElement;
        Assert.True(root.GetProperty("ok").GetBoolean(), root.ToString());
        Assert.Equal(50, root.GetProperty("maxclients").GetInt64());
        Assert.True(root.GetProperty("connected_clients").GetInt64() >= 1);
    }

    [Fact]
    public async Task MemoryAsync_FilledPastMaxMemory_ReportsEvictions()
    {
        // Arrange
        await using (var client = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration))
        {
            var db = client.GetDatabase();
            var payload = new string('x', 10_000);
            for (var i = 0; i < 600; i++)
            {
                await db.StringSetAsync($"session:{i}", payload);
            }
        }

        // Act
        using var json = JsonDocument.Parse(await Plugin(Redis.Configuration).MemoryAsync());

        // Assert
        Assert.Equal(2 * 1024 * 1024, json.RootElement.GetProperty("maxmemory").GetInt64());
        Assert.True(json.RootElement.GetProperty("evicted_keys").GetInt64() > 0);
    }

    [Fact]
    public async Task SlowlogAsync_CommandsLogged_ReturnsEntriesWithDuration()
    {
        // Arrange
        await using (var client = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration))
        {
            await client.GetDatabase().StringSetAsync("k", "v");
        }

        // Act
        using var json = JsonDocument.Parse(await Plugin(Redis.Configuration).SlowlogAsync(5));

        // Assert
        var entries = json.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.True(e.GetProperty("duration_us").GetInt64() >= 0));
    }

    [Fact]
    public async Task ClientsAsync_MaxClientsReached_SaysSoInsteadOfThrowing()
    {
        // Arrange
        await using var full = await RedisServer.StartAsync(new Dictionary<string, string> { ["maxclients"] = "2" });
        var holders = new List<TcpClient>();
        for (var i = 0; i < 2; i++)
        {
            var holder = new TcpClient();
            await holder.ConnectAsync(IPAddress.Loopback, full.Port);
            await holder.GetStream().WriteAsync("PING\r\n"u8.ToArray());
            await holder.GetStream().ReadAtLeastAsync(new byte[16], 1);
            holders.Add(holder);
        }

        // Act
        using var json = JsonDocument.Parse(await Plugin(full.Configuration).ClientsAsync());
        holders.ForEach(h => h.Dispose());

        // Assert
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.True(json.RootElement.GetProperty("max_clients_reached").GetBoolean(), json.RootElement.ToString());
        Assert.Contains("max number of clients", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientsAsync_NothingListens_ReturnsAnError()
    {
        // Arrange
        var plugin = Plugin($"127.0.0.1:{FreePort.Next()}");

        // Act
        using var json = JsonDocument.Parse(await plugin.ClientsAsync());

        // Assert
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.False(json.RootElement.GetProperty("max_clients_reached").GetBoolean());
    }

    [Fact]
    public async Task ClientsAsync_ServerHangs_TimesOutWithAnError()
    {
        // Arrange
        using var hanging = new HangingListener();
        var plugin = Plugin($"127.0.0.1:{hanging.Port}");

        // Act
        using var json = JsonDocument.Parse(await plugin.ClientsAsync());

        // Assert
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
    }

    private static RedisPlugin Plugin(string configuration) => new(new RedisToolOptions { Configuration = configuration, TimeoutSeconds = 1 });
}
