using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.LocalServers;
using AgentOps.Infrastructure.Storage;
using Npgsql;

namespace AgentOps.Infrastructure.Tests.Storage;

/// <summary>The store contract on a real PostgreSQL server, one database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresIncidentStoreTests(PostgresFixture postgres) : IncidentStoreContractTests
{
    private string _connectionString = string.Empty;

    protected override IReadOnlyList<string> WriterArguments => ["postgres", _connectionString];

    [Fact]
    public async Task Initialize_NothingListening_ThrowsStoreException()
    {
        // Arrange
        var port = FreePort.Next();
        await using var store = SqlIncidentStore.ForPostgres($"Host=127.0.0.1;Port={port};Username=postgres;Database=agentops;Timeout=3");

        // Act
        var ex = await Assert.ThrowsAsync<StoreException>(() => store.InitializeAsync());

        // Assert
        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_MissingDatabase_ThrowsStoreException()
    {
        // Arrange
        await using var store = SqlIncidentStore.ForPostgres(postgres.Server.ConnectionStringFor("no_such_database"));

        // Act
        var ex = await Assert.ThrowsAsync<StoreException>(() => store.InitializeAsync());

        // Assert
        Assert.Contains("no_such_database", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_ParallelStores_MigrateOnce()
    {
        // Arrange
        var connectionString = await postgres.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => SqlIncidentStore.ForPostgres(connectionString)).ToList();

        // Act
        await Task.WhenAll(stores.Select(s => s.InitializeAsync()));

        // Assert
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM schema_version", connection);
        Assert.Equal((long)SqlIncidentStore.SchemaVersion, await command.ExecuteScalarAsync());
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }

    protected override async Task CreateDatabaseAsync() => _connectionString = await postgres.CreateDatabaseAsync();

    protected override SqlIncidentStore CreateStore(TimeProvider clock) => SqlIncidentStore.ForPostgres(_connectionString, clock);

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<string> FingerprintAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public')
                || '|' || (SELECT string_agg(version || ':' || description, ',' ORDER BY version) FROM schema_version)
                || '|' || (SELECT string_agg(id || ':' || version || ':' || updated_at, ',' ORDER BY id) FROM incidents)
                || '|' || (SELECT COUNT(*) FROM timeline_events) || '|' || (SELECT COUNT(*) FROM outbox)
            """,
            connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
