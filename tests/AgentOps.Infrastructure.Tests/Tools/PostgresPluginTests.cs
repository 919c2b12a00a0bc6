using System.Text.Json;
using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.Diagnostics;
using AgentOps.Infrastructure.LocalServers;
using AgentOps.Infrastructure.Tools.Postgres;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace AgentOps.Infrastructure.Tests.Tools;

public sealed class PostgresPluginTests : IClassFixture<PostgresFixture>
{
    private readonly PostgresFixture _db;

    public PostgresPluginTests(PostgresFixture db)
    {
        _db = db;
    }

    [Fact]
    public async Task ConnectionsAsync_LiveServer_ReportsMaxConnectionsAndStates()
    {
        // Arrange
        var plugin = Plugin();
        await using var idle = new NpgsqlConnection(_db.ConnectionString + ";Pooling=false");
        await idle.OpenAsync();

        // Act
        using var json = JsonDocument.Parse(await plugin.ConnectionsAsync());

        // Assert
        var root = json.RootElement;
        Assert.True(root.GetProperty("ok").GetBoolean());
        Assert.Equal(30, root.GetProperty("max_connections").GetInt32());
        Assert.True(root.GetProperty("client_connections").GetInt64() >= 1);
        Assert.True(root.GetProperty("by_state").GetProperty("idle").GetInt64() >= 1);
    }

    [Fact]
    public async Task TopStatementsAsync_AfterQueries_ListsTheStatementWithCallsAndTimes()
    {
        // Arrange
        var plugin = Plugin();

        // Act
        using var json = JsonDocument.Parse(await plugin.TopStatementsAsync(20));

        // Assert
        var statement = json.RootElement.GetProperty("statements").EnumerateArray()
            .Single(s => s.GetProperty("query").GetString()!.Contains("FROM users WHERE status", StringComparison.Ordinal));
        Assert.True(statement.GetProperty("calls").GetInt64() >= 6);
        Assert.True(statement.GetProperty("mean_ms").GetDouble() > 0);
    }

    [Fact]
    public async Task MissingIndexCandidatesAsync_UnindexedFilter_ReportsUsersStatusPlannedAsSeqScan()
    {
        // Arrange
        var plugin = Plugin();

        // Act
        using var json = JsonDocument.Parse(await plugin.MissingIndexCandidatesAsync());

        // Assert
        var candidate = json.RootElement.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("table").GetString() == "users");
        Assert.Equal("status", candidate.GetProperty("column").GetString());
        Assert.Equal("Seq Scan", candidate.GetProperty("plan_node").GetString());
        Assert.Equal(200000, candidate.GetProperty("table_rows").GetInt64());
    }

    [Fact]
    public async Task SequentialScansAsync_LargeTableScanned_ReportsItsCounters()
    {
        // Arrange
        var plugin = Plugin();

        // Act
        using var json = JsonDocument.Parse(await plugin.SequentialScansAsync());

        // Assert
        var users = json.RootElement.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("table").GetString() == "users");
        Assert.True(users.GetProperty("seq_scan").GetInt64() >= 6);
        Assert.True(users.GetProperty("n_live_tup").GetInt64() >= 100000);
    }

    [Fact]
    public async Task RecentMigrationsAsync_Configured_ListsNewestFirst()
    {
        // Arrange
        var plugin = Plugin();

        // Act
        using var json = JsonDocument.Parse(await plugin.RecentMigrationsAsync());

        // Assert
        var names = json.RootElement.GetProperty("migrations").EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToList();
        Assert.Equal(["20240115_add_user_preferences", "20231201_create_users"], names);
    }

    [Fact]
    public async Task RecentMigrationsAsync_NotConfigured_SaysSo()
    {
        // Arrange
        var plugin = new PostgresPlugin(new PostgresToolOptions { ConnectionString = _db.ConnectionString });

        // Act
        using var json = JsonDocument.Parse(await plugin.RecentMigrationsAsync());

        // Assert
        Assert.False(json.RootElement.GetProperty("configured").GetBoolean());
    }

    [Fact]
    public async Task BlockingChainsAsync_SessionWaitsForALock_ReportsWhoBlocksIt()
    {
        // Arrange
        await _db.ExecuteAsync("CREATE TABLE IF NOT EXISTS accounts (id int PRIMARY KEY, balance int); INSERT INTO accounts VALUES (1, 0) ON CONFLICT DO NOTHING");
        await using var holder = new NpgsqlConnection(_db.ConnectionString + ";Pooling=false");
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await new NpgsqlCommand("UPDATE accounts SET balance = balance + 1 WHERE id = 1", holder, tx).ExecuteNonQueryAsync();
        await using var waiter = new NpgsqlConnection(_db.ConnectionString + ";Pooling=false");
        await waiter.OpenAsync();
        var blocked = new NpgsqlCommand("UPDATE accounts SET balance = balance + 1 WHERE id = 1", waiter).ExecuteNonQueryAsync();
        await Task.Delay(300);

        // Act
        using var json = JsonDocument.Parse(await Plugin().BlockingChainsAsync());
        await tx.RollbackAsync();
        await blocked;

        // Assert
        var chain = Assert.Single(json.RootElement.GetProperty("blocked").EnumerateArray());
        Assert.Equal(holder.ProcessID, chain.GetProperty("blocked_by")[0].GetInt32());
    }

    [Fact]
    public async Task TopStatementsAsync_ExtensionMissing_SaysItIsNotInstalled()
    {
        // Arrange
        var other = await _db.Server.CreateDatabaseAsync($"plain_{Guid.NewGuid():N}");
        var plugin = new PostgresPlugin(new PostgresToolOptions { ConnectionString = other });

        // Act
        using var json = JsonDocument.Parse(await plugin.TopStatementsAsync());

        // Assert
        Assert.True(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.False(json.RootElement.GetProperty("available").GetBoolean());
        Assert.Contains("pg_stat_statements", json.RootElement.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionsAsync_NothingListens_ReturnsAnErrorInsteadOfThrowing()
    {
        // Arrange
        var plugin = new PostgresPlugin(new PostgresToolOptions { ConnectionString = $"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres", TimeoutSeconds = 2 });

        // Act
        using var json = JsonDocument.Parse(await plugin.ConnectionsAsync());

        // Assert
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Contains("postgres", json.RootElement.GetProperty("tool").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task ConnectionsAsync_ServerHangs_TimesOutWithAnError()
    {
        // Arrange
        using var hanging = new HangingListener();
        var plugin = new PostgresPlugin(new PostgresToolOptions { ConnectionString = $"Host=127.0.0.1;Port={hanging.Port};Username=postgres", TimeoutSeconds = 1 });

        // Act
        var started = TimeProvider.System.GetTimestamp();
        using var json = JsonDocument.Parse(await plugin.ConnectionsAsync());

        // Assert
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ApplyAsync_ApprovedIndexRemediation_CreatesTheIndexAndTheCandidateDisappears()
    {
        // Arrange
        await _db.ExecuteAsync("CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, state text); INSERT INTO orders SELECT i, 'new' FROM generate_series(1, 1000) i ON CONFLICT DO NOTHING");
        var time = new FakeTimeProvider();
        var incident = new Incident { Id = "INC-1", Title = "t", CreatedAt = time.GetUtcNow() };
        incident.RootCause = new RootCauseAnalysis("No index on orders.state.", FindingCategories.DbMissingIndex, 0.9)
        {
            Remediations = [new Remediation("R-1", "index", "CREATE INDEX CONCURRENTLY idx_orders_state ON orders (state)", "low")],
        };
        var service = new RemediationService([new PostgresRemediationExecutor(() => _db.ConnectionString)], time);

        // Act
        var refused = await service.ApplyAsync(incident, "R-1", "alice", "cli", CancellationToken.None);
        var existsBefore = await IndexExistsAsync("idx_orders_state");
        service.Approve(incident, "R-1", "alice", "cli");
        var applied = await service.ApplyAsync(incident, "R-1", "alice", "cli", CancellationToken.None);

        // Assert
        Assert.False(refused.Succeeded);
        Assert.False(existsBefore);
        Assert.True(applied.Succeeded, applied.Message);
        Assert.True(await IndexExistsAsync("idx_orders_state"));
        Assert.Equal(RemediationStatus.Applied, incident.RootCause.Remediations[0].Status);
    }

    [Fact]
    public async Task DiagnosticSession_IsReadOnly_WritesAreRefused()
    {
        // Arrange: the same session settings the plugin applies.
        await using var connection = new NpgsqlConnection(_db.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await new NpgsqlCommand("SET default_transaction_read_only = on", connection).ExecuteNonQueryAsync();

        // Act
        var error = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand("DROP TABLE users", connection).ExecuteNonQueryAsync());

        // Assert
        Assert.Equal("25006", error.SqlState);
    }

    private PostgresPlugin Plugin() => new(new PostgresToolOptions { ConnectionString = _db.ConnectionString, MigrationsTable = "schema_migrations" });

    private async Task<bool> IndexExistsAsync(string name)
    {
        await using var connection = new NpgsqlConnection(_db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = @n)", connection);
        command.Parameters.AddWithValue("n", name);
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
