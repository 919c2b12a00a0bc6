using System.Text.Json;
using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.Diagnostics;
using AgentOps.Infrastructure.LocalServers;
using AgentOps.Infrastructure.Tools;
using AgentOps.Infrastructure.Tools.Prometheus;

namespace AgentOps.Infrastructure.Tests.Tools;

public sealed class PrometheusPluginTests : IClassFixture<PrometheusFixture>, IDisposable
{
    private readonly PrometheusFixture _prometheus;
    private readonly HttpClient _http = new();

    public PrometheusPluginTests(PrometheusFixture prometheus)
    {
        _prometheus = prometheus;
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task LatencyPercentileAsync_ScrapedHistogram_ReturnsP95WithinTheBucketAndNoBaseline()
    {
        // Arrange
        var plugin = new PrometheusPlugin(_prometheus.Options, _http, TimeProvider.System);

        // Act
        using var json = JsonDocument.Parse(await plugin.LatencyPercentileAsync(0.95));

        // Assert
        var root = json.RootElement;
        Assert.True(root.GetProperty("ok").GetBoolean(), root.ToString());
        var p95 = root.GetProperty("current").GetDouble();
        Assert.InRange(p95, 0.25, 0.5);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("baseline").ValueKind);
        Assert.Equal("no data in the baseline window", root.GetProperty("note").GetString());
    }

    [Fact]
    public async Task ErrorRateAsync_ThreeOfTenFail_ReturnsThirtyPercent()
    {
        // Arrange
        var plugin = new PrometheusPlugin(_prometheus.Options, _http, TimeProvider.System);

        // Act
        using var json = JsonDocument.Parse(await plugin.ErrorRateAsync());

        // Assert
        Assert.Equal(0.3, json.RootElement.GetProperty("current").GetDouble(), 2);
    }

    [Fact]
    public async Task ErrorRateAsync_BaselineSecondsAgo_ComparesWithARatio()
    {
        // Arrange
        var plugin = new PrometheusPlugin(_prometheus.Options, _http, TimeProvider.System);

        // Act
        using var json = JsonDocument.Parse(await plugin.ErrorRateAsync(window: "10s", baselineOffset: "2s"));

        // Assert
        Assert.Equal(1.0, json.RootElement.GetProperty("ratio").GetDouble(), 1);
    }

    [Fact]
    public async Task QueryRangeAsync_LastMinute_ReturnsSeriesWithPoints()
    {
        // Arrange
        var plugin = new PrometheusPlugin(_prometheus.Options, _http, TimeProvider.System);

        // Act
        using var json = JsonDocument.Parse(await plugin.QueryRangeAsync("sum by (status) (rate(http_requests_total[10s]))", 1, 1));

        // Assert
        var series = json.RootElement.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(2, series.Count);
        Assert.All(series, s => Assert.NotEqual(0, s.GetProperty("points").GetArrayLength()));
    }

    [Fact]
    public async Task QueryAsync_InvalidPromQl_ReturnsTheServerError()
    {
        // Arrange
        var plugin = new PrometheusPlugin(_prometheus.Options, _http, TimeProvider.System);

        // Act
        using var json = JsonDocument.Parse(await plugin.QueryAsync("sum(("));

        // Assert
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Contains("400", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryAsync_NothingListens_ReturnsAnError()
    {
        // Arrange
        var plugin = new PrometheusPlugin(new PrometheusToolOptions { Url = new Uri($"http://127.0.0.1:{FreePort.Next()}/"), TimeoutSeconds = 2 }, _http, TimeProvider.System);

        // Act
        using var json = JsonDocument.Parse(await plugin.QueryAsync("up"));

        // Assert
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task MonitoringPlaybook_ThroughTheKernel_ReportsTheHighErrorRate()
    {
        // Arrange
        var kernel = new DiagnosticsKernelFactory(_http, TimeProvider.System).Create(new ToolsOptions { Prometheus = _prometheus.Options });
        var context = new TrackContext("INC-1", new Track { Number = 1, Kind = TrackKind.Monitoring, Title = "m" }, new KernelToolInvoker(kernel), TimeProvider.System);

        // Act
        var findings = await new MonitoringPlaybook().AnalyzeAsync(context, CancellationToken.None);

        // Assert
        Assert.Contains(findings, f => f.Category == FindingCategories.MetricsErrorRateHigh);
        Assert.DoesNotContain(findings, f => f.Category == FindingCategories.ToolUnavailable);
    }
}
