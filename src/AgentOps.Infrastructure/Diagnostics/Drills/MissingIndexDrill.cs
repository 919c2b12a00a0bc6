using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.LocalServers;
using AgentOps.Infrastructure.Tools;
using AgentOps.Infrastructure.Tools.Http;
using AgentOps.Infrastructure.Tools.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace AgentOps.Infrastructure.Diagnostics.Drills;

/// <summary>
/// Seed <c>001</c>: PostgreSQL with pg_stat_statements, a <c>users</c> table of 1 M rows, a recent migration
/// <c>20240115_add_user_preferences</c> that left <c>status</c> unindexed, and concurrent clients filtering on
/// <c>status</c> that saturate a small pool. The engine must name the missing index on <c>users.status</c>.
/// </summary>
public sealed class MissingIndexDrill : IDrill
{
    /// <summary>Rows in <c>users</c>. 1 000 000.</summary>
    public const int Rows = 1_000_000;

    private const int MaxConnections = 20;
    private const int AppPoolSize = 16;
    private const int Clients = 24;
    private const string Query = "SELECT * FROM users WHERE status = $1";
    private readonly DrillInvestigation _investigation;

    public MissingIndexDrill(DrillInvestigation investigation)
    {
        _investigation = investigation;
    }

    /// <inheritdoc />
    public string Name => "missing-index";

    /// <inheritdoc />
    public string Description => "PostgreSQL users table (1 M rows) lost its status index in a migration; a query load saturates the pool.";

    /// <summary>How long the load runs before the investigation starts. Default 3 s.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);

    /// <inheritdoc />
    public async Task<DrillResult> RunAsync(CancellationToken cancellationToken)
    {
        var time = _investigation.Time;
        var drillStart = time.GetTimestamp();
        await using var server = await PostgresServer.StartAsync(
            new Dictionary<string, string>
            {
                ["shared_preload_libraries"] = "pg_stat_statements",
                ["max_connections"] = MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["max_parallel_workers_per_gather"] = "0",
            },
            cancellationToken).ConfigureAwait(false);
        var connectionString = await server.CreateDatabaseAsync("shop", cancellationToken).ConfigureAwait(false);
        await SeedAsync(connectionString, cancellationToken).ConfigureAwait(false);

        var appConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = AppPoolSize,
            Timeout = 1,
            ApplicationName = "shop-api",
        }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(appConnectionString);
        await using var app = await DrillWebApp.StartAsync(web => MapApp(web, dataSource), cancellationToken).ConfigureAwait(false);

        using var load = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var counters = new LoadCounters();
        var incidentStart = time.GetUtcNow();
        var workers = Enumerable.Range(0, Clients).Select(i => RunClientAsync(dataSource, i, counters, load.Token)).ToList();
        try
        {
            await Task.Delay(WarmUp, time, cancellationToken).ConfigureAwait(false);
            var tools = new ToolsOptions
            {
                Postgres = new PostgresToolOptions { ConnectionString = connectionString, MigrationsTable = "schema_migrations", TimeoutSeconds = 5 },
                Http = new HttpProbeOptions
                {
                    Targets = [new HttpProbeTarget { Name = "shop-api", Url = new Uri(app.Url, "health") }],
                    ProbeCount = 5,
                    TimeoutSeconds = 3,
                },
            };
            var (result, _) = await _investigation.InvestigateAsync(
                Name,
                "Users page times out and returns 5xx since this morning",
                [TrackKind.Database, TrackKind.Network],
                tools,
                FindingCategories.DbMissingIndex,
                "users.status",
                incidentStart,
                drillStart,
                cancellationToken).ConfigureAwait(false);
            return result with { Notes = [.. result.Notes, $"load: {Clients} clients, pool {AppPoolSize}, max_connections {MaxConnections}: {counters}"] };
        }
        finally
        {
            await load.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
    }

    private static async Task SeedAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            CREATE EXTENSION pg_stat_statements;
            CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL);
            CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL);
            INSERT INTO users
              SELECT i, 'user' || i || '@example.com',
                     CASE WHEN i % 1000 = 0 THEN 'suspended' WHEN i % 100 = 0 THEN 'pending' ELSE 'active' END,
                     now() - (i || ' seconds')::interval
              FROM generate_series(1, {Rows}) AS i;
            INSERT INTO schema_migrations VALUES
              ('20231201_create_users', now() - interval '45 days'),
              ('20231215_add_users_status_index', now() - interval '30 days');
            -- 20240115_add_user_preferences rebuilt the table and forgot the status index.
            ALTER TABLE users ADD COLUMN preferences jsonb;
            INSERT INTO schema_migrations VALUES ('20240115_add_user_preferences', now() - interval '12 minutes');
            ANALYZE users;
            SELECT pg_stat_statements_reset();
            """,
            connection);
        command.CommandTimeout = 120;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void MapApp(WebApplication app, NpgsqlDataSource dataSource)
    {
        app.MapGet("/health", async (CancellationToken ct) =>
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
                return Results.Ok(new { status = "up" });
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                return Results.Json(new { status = "down", error = ex.Message }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
    }

    private static async Task RunClientAsync(NpgsqlDataSource dataSource, int client, LoadCounters counters, CancellationToken cancellationToken)
    {
        string[] statuses = ["suspended", "pending"];
        var n = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var command = new NpgsqlCommand(Query, connection);
                command.Parameters.AddWithValue(statuses[(client + n++) % statuses.Length]);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                }

                counters.Success();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            // On a loaded machine Npgsql's first-connection bootstrap can time out with a bare TimeoutException: a failed request, not a crash.
            catch (Exception ex) when ((ex is NpgsqlException or TimeoutException) && !cancellationToken.IsCancellationRequested)
            {
                counters.Failure(ex.Message);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                return;
            }
        }
    }
}
