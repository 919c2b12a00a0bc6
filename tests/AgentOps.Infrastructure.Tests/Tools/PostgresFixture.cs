using AgentOps.Infrastructure.LocalServers;
using Npgsql;

namespace AgentOps.Infrastructure.Tests.Tools;

/// <summary>One PostgreSQL with pg_stat_statements for the whole test class: database <c>shop</c> with 200 000 users, no index on status.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("not started");

    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync(new Dictionary<string, string>
        {
            ["shared_preload_libraries"] = "pg_stat_statements",
            ["max_connections"] = "30",
            ["max_parallel_workers_per_gather"] = "0",
        });
        ConnectionString = await _server.CreateDatabaseAsync("shop");
        await ExecuteAsync(
            """
            CREATE EXTENSION pg_stat_statements;
            CREATE TABLE schema_migrations (name text, applied_at timestamptz);
            INSERT INTO schema_migrations VALUES ('20231201_create_users', now() - interval '40 days'), ('20240115_add_user_preferences', now() - interval '5 minutes');
            CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, status text NOT NULL);
            INSERT INTO users SELECT i, 'u' || i || '@example.com', CASE WHEN i % 100 = 0 THEN 'suspended' ELSE 'active' END FROM generate_series(1, 200000) i;
            ANALYZE users;
            SELECT pg_stat_statements_reset();
            """);
        for (var i = 0; i < 6; i++)
        {
            await ExecuteAsync("SELECT count(*) FROM users WHERE status = 'suspended'");
        }
    }

    public async Task ExecuteAsync(string sql)
    {
        // No pooling: a closed session flushes its table statistics at once.
        await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
