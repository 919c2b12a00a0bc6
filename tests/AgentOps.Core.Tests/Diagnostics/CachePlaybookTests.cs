using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using Microsoft.Extensions.Time.Testing;

namespace AgentOps.Core.Tests.Diagnostics;

public sealed class CachePlaybookTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task AnalyzeAsync_ConnectionRefusedAtMaxClients_ReportsPoolExhausted()
    {
        // Arrange
        var tools = ScriptedTools.With(new Dictionary<string, string>
        {
            ["redis.clients"] = """{"ok":false,"tool":"redis","error":"connection refused by Redis: ERR max number of clients reached","max_clients_reached":true}""",
        });

        // Act
        var findings = await new CachePlaybook().AnalyzeAsync(Context(tools), CancellationToken.None);

        // Assert
        var finding = Assert.Single(findings);
        Assert.Equal(FindingCategories.CachePoolExhausted, finding.Category);
        Assert.Contains("max number of clients reached", finding.Evidence[0].Excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_ClientsAtMaxWithRejections_ReportsPoolExhaustedWithHighConfidence()
    {
        // Arrange
        var tools = ScriptedTools.With(new Dictionary<string, string>
        {
            ["redis.clients"] = """{"ok":true,"connected_clients":20,"maxclients":20,"blocked_clients":0,"rejected_connections":312}""",
            ["redis.memory"] = """{"ok":true,"used_memory":900000,"maxmemory":1000000,"fragmentation_ratio":1.1,"evicted_keys":1200,"maxmemory_policy":"allkeys-lru"}""",
            ["redis.slowlog"] = """{"ok":true,"entries":[{"id":1,"at":"2026-01-15T08:59:00Z","duration_us":25000,"command":"KEYS session:*"}]}""",
        });

        // Act
        var findings = await new CachePlaybook().AnalyzeAsync(Context(tools), CancellationToken.None);

        // Assert
        Assert.Equal(
            [FindingCategories.CachePoolExhausted, FindingCategories.CacheMemoryPressure, FindingCategories.CacheEvictions, FindingCategories.CacheSlowCommands],
            findings.Select(f => f.Category));
        Assert.Equal(0.95, findings[0].Confidence);
        Assert.Equal("20", findings[0].Data["maxclients"]);
    }

    [Fact]
    public async Task AnalyzeAsync_RedisDown_ReportsToolUnavailable()
    {
        // Arrange
        var tools = ScriptedTools.With(new Dictionary<string, string>
        {
            ["redis.clients"] = """{"ok":false,"tool":"redis","error":"cannot connect: UnableToConnect","max_clients_reached":false}""",
        });

        // Act
        var findings = await new CachePlaybook().AnalyzeAsync(Context(tools), CancellationToken.None);

        // Assert
        Assert.Equal(FindingCategories.ToolUnavailable, Assert.Single(findings).Category);
    }

    [Fact]
    public async Task AnalyzeAsync_HealthyRedis_ReportsOk()
    {
        // Arrange
        var tools = ScriptedTools.With(new Dictionary<string, string>
        {
            ["redis.clients"] = """{"ok":true,"connected_clients":3,"maxclients":10000,"blocked_clients":0,"rejected_connections":0}""",
            ["redis.memory"] = """{"ok":true,"used_memory":1000,"maxmemory":0,"evicted_keys":0}""",
            ["redis.slowlog"] = """{"ok":true,"entries":[]}""",
        });

        // Act
        var findings = await new CachePlaybook().AnalyzeAsync(Context(tools), CancellationToken.None);

        // Assert
        Assert.Equal(FindingCategories.CacheOk, Assert.Single(findings).Category);
    }

    [Fact]
    public async Task AnalyzeAsync_RedisRefusalsInTheTrackLogsWithoutRedisTool_ReportsPoolExhausted()
    {
        // Arrange
        var tools = ScriptedTools.With(new Dictionary<string, string>
        {
            ["logs.search"] = "/var/log/app/session.log:3: 2026-01-15T08:57:00Z ERROR RedisConnectionException: ERR max number of clients reached\n",
        });

        // Act
        var findings = await new CachePlaybook().AnalyzeAsync(Context(tools), CancellationToken.None);

        // Assert
        var finding = Assert.Single(findings);
        Assert.Equal(FindingCategories.CachePoolExhausted, finding.Category);
        Assert.Equal("logs.search", finding.Evidence[0].Source);
        Assert.False(finding.Data.ContainsKey("log_sources"));
    }

    [Fact]
    public async Task AnalyzeAsync_TrackLogsSearchFails_ReportsTheToolUnavailable()
    {
        // Arrange
        var tools = ScriptedTools.With(new Dictionary<string, string>
        {
            ["logs.search"] = """{"error":"Loki: Loki answered 500 Internal Server Error"}""",
        });

        // Act
        var findings = await new CachePlaybook().AnalyzeAsync(Context(tools), CancellationToken.None);

        // Assert
        Assert.Equal(FindingCategories.ToolUnavailable, Assert.Single(findings).Category);
    }

    private TrackContext Context(AgentOps.Core.Diagnostics.IToolInvoker tools) =>
        new("INC-1", new Track { Number = 2, Kind = TrackKind.Cache, Title = "cache" }, tools, _time);
}
