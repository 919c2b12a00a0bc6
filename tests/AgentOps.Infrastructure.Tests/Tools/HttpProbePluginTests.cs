using System.Text.Json;
using AgentOps.Infrastructure.Diagnostics.Drills;
using AgentOps.Infrastructure.LocalServers;
using AgentOps.Infrastructure.Tools.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AgentOps.Infrastructure.Tests.Tools;

public sealed class HttpProbePluginTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private DrillWebApp? _app;

    public async Task InitializeAsync()
    {
        _app = await DrillWebApp.StartAsync(
            app =>
            {
                app.MapGet("/ok", () => Results.Text("healthy"));
                app.MapGet("/down", () => Results.Text("database unavailable", statusCode: 503));
                app.MapGet("/slow", async () =>
                {
                    await Task.Delay(5000);
                    return Results.Text("late");
                });
            },
            CancellationToken.None);

        // Warm up: the first request of a fresh server pays for JIT and must not count against the probe timeout.
        await _http.GetStringAsync(new Uri(_app.Url, "ok"));
    }

    public async Task DisposeAsync() => await _app!.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task HealthAsync_MixedTargets_ReportsStatusHealthAndBodyExcerpt()
    {
        // Arrange
        var plugin = Plugin(("ok", "ok"), ("down", "down"));

        // Act
        using var json = JsonDocument.Parse(await plugin.HealthAsync());

        // Assert
        var targets = json.RootElement.GetProperty("targets").EnumerateArray().ToList();
        Assert.True(targets[0].GetProperty("healthy").GetBoolean());
        Assert.Equal(503, targets[1].GetProperty("status").GetInt32());
        Assert.False(targets[1].GetProperty("healthy").GetBoolean());
        Assert.Equal("database unavailable", targets[1].GetProperty("body_excerpt").GetString());
    }

    [Fact]
    public async Task LatencyProbeAsync_OneTarget_ReportsPercentilesAndFailures()
    {
        // Arrange
        var plugin = Plugin(("ok", "ok"), ("down", "down"));

        // Act
        using var json = JsonDocument.Parse(await plugin.LatencyProbeAsync("down", 4));

        // Assert
        var target = Assert.Single(json.RootElement.GetProperty("targets").EnumerateArray());
        Assert.Equal(4, target.GetProperty("count").GetInt32());
        Assert.Equal(4, target.GetProperty("errors").GetInt32());
        Assert.True(target.GetProperty("p95_ms").GetDouble() >= target.GetProperty("p50_ms").GetDouble());
    }

    [Fact]
    public async Task HealthAsync_SlowTarget_TimesOutAsAnErrorOfThatTarget()
    {
        // Arrange
        var plugin = Plugin(("slow", "slow"));

        // Act
        using var json = JsonDocument.Parse(await plugin.HealthAsync());

        // Assert
        var target = Assert.Single(json.RootElement.GetProperty("targets").EnumerateArray());
        Assert.Contains("timed out", target.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthAsync_UnknownTargetName_ReturnsAnErrorListingTheKnownOnes()
    {
        // Arrange
        var plugin = Plugin(("ok", "ok"));

        // Act
        using var json = JsonDocument.Parse(await plugin.HealthAsync("nope"));

        // Assert
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Contains("known: ok", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthAsync_NothingListens_ReportsTheConnectionError()
    {
        // Arrange
        var plugin = new HttpProbePlugin(new HttpProbeOptions { Targets = [new HttpProbeTarget { Name = "gone", Url = new Uri($"http://127.0.0.1:{FreePort.Next()}/") }], TimeoutSeconds = 1 }, _http);

        // Act
        using var json = JsonDocument.Parse(await plugin.HealthAsync());

        // Assert
        var target = Assert.Single(json.RootElement.GetProperty("targets").EnumerateArray());
        Assert.False(target.GetProperty("healthy").GetBoolean());
        Assert.False(string.IsNullOrEmpty(target.GetProperty("error").GetString()));
    }

    [Theory]
    [InlineData(0.5, 2)]
    [InlineData(0.95, 4)]
    [InlineData(1.0, 4)]
    public void Percentile_SortedValues_UsesNearestRank(double p, double expected) =>
        Assert.Equal(expected, HttpProbePlugin.Percentile([1, 2, 3, 4], p));

    private HttpProbePlugin Plugin(params (string Name, string Path)[] targets) =>
        new(new HttpProbeOptions { Targets = targets.Select(t => new HttpProbeTarget { Name = t.Name, Url = new Uri(_app!.Url, t.Path) }).ToList(), TimeoutSeconds = 2 }, _http);
}
