using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using Microsoft.Extensions.Time.Testing;

namespace AgentOps.Core.Tests.Diagnostics;

public sealed class DatabasePlaybookTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);

    [Fact]
    public async Task AnalyzeAsync_SaturatedPoolAndUnindexedFilter_ReportsEachStepOfTheChain()
    {
        // Arrange
        var tools = ScriptedTools.With(new Dictionary<string, string>
        {
            ["postgres.connections"] = """{"ok":true,"max_connections":20,"superuser_reserved_connections":3,"client_connections":16,"usage_ratio":0.94,"by_state":{"active":16},"waiting_on_lock":0}""",
            ["postgres.blocking_chains"] = """{"ok":true,"blocked":[]}""",
            ["postgres.top_statements"] = """{"ok":true,"available":true,"statements":[{"query":"SELECT * FROM users WHERE status = $1","calls":80,"mean_ms":750.5,"total_ms":60040,"rows":400}]}""",
            ["postgres.sequential_scans"] = """{"ok":true,"tables":[{"table":"users","seq_scan":80,"seq_tup_read":80000000,"idx_scan":0,"n_live_tup":1000000}]}""",
            ["postgres.missing_index_candidates"] = """{"ok":true,"available":true,"candidates":[{"table":"users","column":"status","statement":"SELECT * FROM users WHERE status = $1","mean_ms":750.5,"calls":80,"plan_node":"Seq Scan","table_rows":1000000}]}""",
            ["postgres.recent_migrations"] = """{"ok":true,"configured":true,"migrations":[{"name":"20240115_add_user_preferences","applied_at":"2026-01-15T08:48:00Z"},{"name":"20231201_create_users","applied_at":"2025-12-01T08:00:00Z"}]}""",
        });

        // Act
        var findings = await new DatabasePlaybook().AnalyzeAsync(Context(tools), CancellationToken.None);

        // Assert
        Assert.Equal(
            [FindingCategories.DbPoolSaturated, FindingCategories.DbSlowQuery, FindingCategories.DbSeqScan, FindingCategories.DbMissingIndex, FindingCategories.DbRecentMigration],
            findings.Select(f => f.Category));
        var missing = findings.Single(f => f.Category == FindingCategories.DbMissingIndex);
        Assert.Equal("users", missing.Data["table"]);
        Assert.Equal("status", missing.Data["column"]);
        Assert.Equal(0.95, missing.Confidence);
        var migration = findings.Single(f => f.Category == FindingCategories.DbRecentMigration);
        Assert.Equal("users", migration.Data["table"]);
        Assert.Equal(Now.AddMinutes(-12), migration.ObservedSince);
        Assert.Equal(["F-1-1", "F-1-2", "F-1-3", "F-1-4", "F-1-5"], findings.Select(f => f.Id));
    }

    [Fact]
    public async Task AnalyzeAsync_DatabaseUnreachable_ReportsOneToolUnavailableFindingWithTheReason()
    {
        // Arrange
        var tools = ScriptedTools.With(new Dictionary<string, string>
        {
            ["postgres.connections"] = """{"ok":false,"tool":"postgres","error":"28P01: password authentication failed for user \"app\""}""",
            ["postgres.top_statements"] = """{"ok":true}""",
        });

        // Act
        var findings = await new DatabasePlaybook().AnalyzeAsync(Context(tools), CancellationToken.None);

        // Assert
        var finding = Assert.Single(findings);
        Assert.Equal(FindingCategories.ToolUnavailable, finding.Category);
        Assert.Contains("password authentication failed", finding.Claim, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_HealthyDatabaseWithoutStatementStatistics_SaysSoAndReportsOk()
    {
        // Arrange
        var tools = ScriptedTools.With(new Dictionary<string, string>
        {
            ["postgres.connections"] = """{"ok":true,"max_connections":100,"superuser_reserved_connections":3,"client_connections":5,"usage_ratio":0.05}""",
            ["postgres.top_statements"] = """{"ok":true,"available":false,"note":"pg_stat_statements is not installed","statements":[]}""",
            ["postgres.sequential_scans"] = """{"ok":true,"tables":[{"table":"users","seq_scan":2,"seq_tup_read":10,"idx_scan":5000,"n_live_tup":1000000}]}""",
        });

        // Act
        var findings = await new DatabasePlaybook().AnalyzeAsync(Context(tools), CancellationToken.None);

        // Assert
        Assert.Equal([FindingCategories.ToolUnavailable, FindingCategories.DbOk], findings.Select(f => f.Category));
    }

    [Fact]
    public void ReadMigrations_OldMigration_IsNotReported()
    {
        // Arrange
        var recorder = new FindingRecorder(1, _time);
        var output = ToolOutput.Parse("postgres.recent_migrations", """{"ok":true,"migrations":[{"name":"20231201_create_users","applied_at":"2025-12-01T08:00:00Z"}]}""");

        // Act
        DatabasePlaybook.ReadMigrations(output, recorder, Now, ["users"]);

        // Assert
        Assert.Empty(recorder.Findings);
    }

    [Fact]
    public async Task AnalyzeAsync_ToolThrows_BecomesAFindingNotACrash()
    {
        // Arrange
        var tools = ScriptedTools.With(new Dictionary<string, string> { ["postgres.connections"] = "not json at all" });

        // Act
        var findings = await new DatabasePlaybook().AnalyzeAsync(Context(tools), CancellationToken.None);

        // Assert
        Assert.Contains("unreadable tool output", Assert.Single(findings).Claim, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_PostgresMessagesInTheTrackLogs_ReportsThemWithTheSourcesSearched()
    {
        // Arrange
        var tools = ScriptedTools.With(new Dictionary<string, string>
        {
            ["logs.search"] = "[searched: postgresql.log (tagged for Database tracks)]\n"
                + "/var/log/postgresql.log:7: 2026-01-15 08:58:01.120 UTC [411] FATAL:  sorry, too many clients already\n"
                + "/var/log/postgresql.log:9: 2026-01-15 08:58:03.500 UTC [412] FATAL:  sorry, too many clients already\n"
                + "/var/log/postgresql.log:12: 2026-01-15 08:59:00.000 UTC [413] ERROR:  deadlock detected\n",
            ["postgres.connections"] = """{"ok":true,"max_connections":100,"superuser_reserved_connections":3,"client_connections":5,"usage_ratio":0.05}""",
        });

        // Act
        var findings = await new DatabasePlaybook().AnalyzeAsync(Context(tools), CancellationToken.None);

        // Assert
        Assert.Equal([FindingCategories.DbPoolSaturated, FindingCategories.DbBlocking], findings.Select(f => f.Category));
        Assert.Equal("The database refused connections for lack of slots (2 log line(s) since 2026-01-15 08:58:01 UTC).", findings[0].Claim);
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 8, 58, 1, 120, TimeSpan.Zero), findings[0].ObservedSince);
        Assert.Equal("postgresql.log (tagged for Database tracks)", findings[0].Data["log_sources"]);
        Assert.DoesNotContain(findings, f => f.Category == FindingCategories.DbOk);
    }

    [Fact]
    public async Task AnalyzeAsync_TrackLogsWithoutServerMessages_AddNothing()
    {
        // Arrange
        var tools = ScriptedTools.With(new Dictionary<string, string>
        {
            ["logs.search"] = "no match",
            ["postgres.connections"] = """{"ok":true,"max_connections":100,"superuser_reserved_connections":3,"client_connections":5,"usage_ratio":0.05}""",
        });

        // Act
        var findings = await new DatabasePlaybook().AnalyzeAsync(Context(tools), CancellationToken.None);

        // Assert
        Assert.Equal(FindingCategories.DbOk, Assert.Single(findings).Category);
    }

    private TrackContext Context(AgentOps.Core.Diagnostics.IToolInvoker tools) =>
        new("INC-1", new Track { Number = 1, Kind = TrackKind.Database, Title = "db" }, tools, _time);
}
