using AgentOps.Infrastructure.Tools.Logs;

namespace AgentOps.Infrastructure.Tests.Tools.Logs;

public sealed class LokiClientTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 5, 10, 0, 0, TimeSpan.Zero);
    private FakeLokiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeLokiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task QueryRangeAsync_Streams_ReturnsLinesOldestFirstWithLabels()
    {
        // Arrange
        _server.Streams.Add((new() { ["app"] = "payments" }, [(Ns(T0.AddSeconds(2)), "second"), (Ns(T0.AddSeconds(1)), "first"), (Ns(T0.AddHours(2)), "outside")]));
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        var client = new LokiClient(http);

        // Act
        var entries = await client.QueryRangeAsync("{app=\"payments\"} |= \"e\"", T0, T0.AddHours(1), 100);

        // Assert
        Assert.Equal(["first", "second"], entries.Select(e => e.Line));
        Assert.Equal(T0.AddSeconds(1), entries[0].Timestamp);
        Assert.Equal("payments", entries[0].Labels["app"]);
        var query = Assert.Single(_server.Requests);
        Assert.Equal("{app=\"payments\"} |= \"e\"", query["query"]);
        Assert.Equal("100", query["limit"]);
        Assert.Equal("forward", query["direction"]);
    }

    [Fact]
    public async Task QueryRangeAsync_ServerError_ThrowsLokiExceptionWithBody()
    {
        // Arrange
        _server.FailWith = 400;
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        var client = new LokiClient(http);

        // Act
        var error = await Assert.ThrowsAsync<LokiException>(() => client.QueryRangeAsync("{app=", T0, T0.AddHours(1), 10));

        // Assert
        Assert.Contains("400", error.Message, StringComparison.Ordinal);
        Assert.Contains("syntax error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryRangeAsync_NoBaseAddress_ThrowsInvalidOperation()
    {
        // Arrange
        using var http = new HttpClient();
        var client = new LokiClient(http);

        // Act / Assert
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.QueryRangeAsync("{a=\"b\"}", T0, T0.AddHours(1), 10));
    }

    internal static long Ns(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
