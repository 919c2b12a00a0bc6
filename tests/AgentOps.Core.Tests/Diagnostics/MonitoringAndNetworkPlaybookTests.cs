using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using Microsoft.Extensions.Time.Testing;

namespace AgentOps.Core.Tests.Diagnostics;

public sealed class MonitoringAndNetworkPlaybookTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task MonitoringAnalyzeAsync_LatencyAndErrorsAboveBaseline_ReportsBoth()
    {
        // Arrange
        var tools = ScriptedTools.With(new Dictionary<string, string>
        {
            ["prometheus.latency_percentile"] = """{"ok":true,"query":"histogram_quantile(...)","current":2.4,"baseline":0.12,"ratio":20,"quantile":0.95}""",
            ["prometheus.error_rate"] = """{"ok":true,"query":"...","current":0.3,"baseline":0,"ratio":null}""",
            ["prometheus.saturation"] = """{"ok":true,"configured":false}""",
        });

        // Act
        var findings = await new MonitoringPlaybook().AnalyzeAsync(Context(tools, TrackKind.Monitoring), CancellationToken.None);

        // Assert
        Assert.Equal([FindingCategories.MetricsLatencyHigh, FindingCategories.MetricsErrorRateHigh], findings.Select(f => f.Category));
        Assert.Contains("20× its baseline", findings[0].Claim, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitoringAnalyzeAsync_InLineWithBaseline_ReportsOk()
    {
        // Arrange
        var tools = ScriptedTools.With(new Dictionary<string, string>
        {
            ["prometheus.latency_percentile"] = """{"ok":true,"current":0.13,"baseline":0.12,"ratio":1.08}""",
            ["prometheus.error_rate"] = """{"ok":true,"current":0.001,"baseline":0.001,"ratio":1}""",
        });

        // Act
        var findings = await new MonitoringPlaybook().AnalyzeAsync(Context(tools, TrackKind.Monitoring), CancellationToken.None);

        // Assert
        Assert.Equal(FindingCategories.MetricsOk, Assert.Single(findings).Category);
    }

    [Fact]
    public async Task MonitoringAnalyzeAsync_NoDataNow_SaysTheMetricsAreUnknownRatherThanOk()
    {
        // Arrange
        var tools = ScriptedTools.With(new Dictionary<string, string>
        {
            ["prometheus.latency_percentile"] = """{"ok":true,"current":null,"baseline":null,"ratio":null,"note":"no data now"}""",
            ["prometheus.error_rate"] = """{"ok":true,"current":null,"baseline":null,"ratio":null,"note":"no data now"}""",
        });

        // Act
        var findings = await new MonitoringPlaybook().AnalyzeAsync(Context(tools, TrackKind.Monitoring), CancellationToken.None);

        // Assert
        Assert.Equal(FindingCategories.ToolUnavailable, Assert.Single(findings).Category);
    }

    [Fact]
    public async Task NetworkAnalyzeAsync_UnhealthyAndSlowTarget_ReportsBoth()
    {
        // Arrange
        var tools = ScriptedTools.With(new Dictionary<string, string>
        {
            ["http.health"] = """{"ok":true,"targets":[{"name":"auth","url":"http://auth/health","status":503,"healthy":false,"latency_ms":30000,"body_excerpt":"down"}]}""",
            ["http.latency_probe"] = """{"ok":true,"targets":[{"name":"auth","count":10,"errors":3,"p50_ms":900,"p95_ms":30000,"max_ms":30000}]}""",
        });

        // Act
        var findings = await new NetworkPlaybook().AnalyzeAsync(Context(tools, TrackKind.Network), CancellationToken.None);

        // Assert
        Assert.Equal([FindingCategories.NetUnhealthy, FindingCategories.NetLatencyHigh], findings.Select(f => f.Category));
    }

    [Fact]
    public async Task NetworkAnalyzeAsync_HealthyFastTargets_ReportsNetOk()
    {
        // Arrange
        var tools = ScriptedTools.With(new Dictionary<string, string>
        {
            ["http.health"] = """{"ok":true,"targets":[{"name":"auth","status":200,"healthy":true,"latency_ms":3}]}""",
            ["http.latency_probe"] = """{"ok":true,"targets":[{"name":"auth","count":10,"errors":0,"p50_ms":2,"p95_ms":4,"max_ms":5}]}""",
        });

        // Act
        var findings = await new NetworkPlaybook().AnalyzeAsync(Context(tools, TrackKind.Network), CancellationToken.None);

        // Assert
        Assert.Equal(FindingCategories.NetOk, Assert.Single(findings).Category);
    }

    private TrackContext Context(AgentOps.Core.Diagnostics.IToolInvoker tools, TrackKind kind) =>
        new("INC-1", new Track { Number = 3, Kind = kind, Title = "t" }, tools, _time);
}
