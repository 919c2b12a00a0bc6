using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.SemanticKernel;
using Npgsql;

namespace AgentOps.Infrastructure.Tools.Postgres;

/// <summary>
/// Read-only PostgreSQL diagnostics as kernel functions. Every session runs with
/// <c>default_transaction_read_only = on</c> and a statement timeout; an unreachable server gives <c>{"ok":false,"error":...}</c>.
/// </summary>
public sealed partial class PostgresPlugin
{
    private const string Tool = "postgres";
    private readonly PostgresToolOptions _options;

    public PostgresPlugin(PostgresToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    private TimeSpan Timeout => TimeSpan.FromSeconds(_options.TimeoutSeconds);

    [KernelFunction("connections"), Description("Client connections of PostgreSQL against max_connections, by state (active, idle, idle in transaction), sessions waiting on locks and the longest running query.")]
    public Task<string> ConnectionsAsync(CancellationToken cancellationToken = default) =>
        GuardAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT current_setting('max_connections')::int,
                       current_setting('superuser_reserved_connections')::int,
                       (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()),
                       (SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'),
                       (SELECT coalesce(max(extract(epoch FROM now() - query_start)), 0)::float8 FROM pg_stat_activity
                         WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid())
                """,
                connection);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await reader.ReadAsync(ct).ConfigureAwait(false);
            var max = reader.GetInt32(0);
            var reserved = reader.GetInt32(1);
            var clients = reader.GetInt64(2);
            var waiting = reader.GetInt64(3);
            var longest = reader.GetDouble(4);
            await reader.CloseAsync().ConfigureAwait(false);

            var byState = new Dictionary<string, long>(StringComparer.Ordinal);
            await using var states = new NpgsqlCommand(
                "SELECT coalesce(state, 'unknown'), count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1 ORDER BY 2 DESC",
                connection);
            await using var stateReader = await states.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await stateReader.ReadAsync(ct).ConfigureAwait(false))
            {
                byState[stateReader.GetString(0)] = stateReader.GetInt64(1);
            }

            var usable = Math.Max(1, max - reserved);
            return new
            {
                ok = true,
                max_connections = max,
                superuser_reserved_connections = reserved,
                client_connections = clients,
                usage_ratio = Math.Round((double)clients / usable, 3),
                by_state = byState,
                waiting_on_lock = waiting,
                longest_active_s = Math.Round(longest, 1),
            };
        }, cancellationToken);

    [KernelFunction("blocking_chains"), Description("Sessions waiting for a lock and the pids blocking them (pg_blocking_pids), longest wait first.")]
    public Task<string> BlockingChainsAsync(
        [Description("Most chains to return (1-20).")] int limit = 10,
        CancellationToken cancellationToken = default) =>
        GuardAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT pid, pg_blocking_pids(pid), coalesce(extract(epoch FROM now() - query_start), 0)::float8, left(query, 200), coalesce(wait_event_type, '')
                FROM pg_stat_activity WHERE cardinality(pg_blocking_pids(pid)) > 0
                ORDER BY 3 DESC LIMIT @limit
                """,
                connection);
            command.Parameters.AddWithValue("limit", Math.Clamp(limit, 1, 20));
            var blocked = new List<object>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                blocked.Add(new
                {
                    pid = reader.GetInt32(0),
                    blocked_by = reader.GetFieldValue<int[]>(1),
                    waiting_s = Math.Round(reader.GetDouble(2), 1),
                    query = ToolJson.Trim(reader.GetString(3), 200),
                    wait_event_type = reader.GetString(4),
                });
            }

            return new { ok = true, blocked };
        }, cancellationToken);

    [KernelFunction("top_statements"), Description("Top SQL statements from pg_stat_statements by total execution time, with calls, mean and total time in ms and rows; says so when the extension is missing.")]
    public Task<string> TopStatementsAsync(
        [Description("Most statements to return (1-20).")] int limit = 5,
        CancellationToken cancellationToken = default) =>
        GuardAsync(async (connection, ct) =>
        {
            var (available, note) = await StatementsAvailableAsync(connection, ct).ConfigureAwait(false);
            if (!available)
            {
                return new { ok = true, available = false, note, statements = Array.Empty<object>() };
            }

            var statements = (await ReadStatementsAsync(connection, "total_exec_time", limit, ct).ConfigureAwait(false))
                .Select(s => new { query = ToolJson.Trim(s.Query, 300), calls = s.Calls, mean_ms = s.MeanMs, total_ms = s.TotalMs, rows = s.Rows })
                .ToList();
            return new { ok = true, available = true, note = (string?)null, statements = statements.Cast<object>().ToArray() };
        }, cancellationToken);

    [KernelFunction("sequential_scans"), Description("Large tables (pg_stat_user_tables) ordered by rows read by sequential scans: seq_scan, seq_tup_read, idx_scan, n_live_tup.")]
    public Task<string> SequentialScansAsync(
        [Description("Only tables with at least this many live rows; 0 uses the configured threshold (default 100000).")] long minRows = 0,
        CancellationToken cancellationToken = default) =>
        GuardAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT schemaname, relname, seq_scan, seq_tup_read, coalesce(idx_scan, 0), n_live_tup
                FROM pg_stat_user_tables WHERE n_live_tup >= @min ORDER BY seq_tup_read DESC LIMIT 10
                """,
                connection);
            command.Parameters.AddWithValue("min", minRows > 0 ? minRows : _options.LargeTableRows);
            var tables = new List<object>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var seq = reader.GetInt64(2);
                tables.Add(new
                {
                    schema = reader.GetString(0),
                    table = reader.GetString(1),
                    seq_scan = seq,
                    seq_tup_read = reader.GetInt64(3),
                    idx_scan = reader.GetInt64(4),
                    n_live_tup = reader.GetInt64(5),
                    avg_rows_per_seq_scan = seq == 0 ? 0 : reader.GetInt64(3) / seq,
                });
            }

            return new { ok = true, tables };
        }, cancellationToken);

    [KernelFunction("missing_index_candidates"), Description("For the slowest statements (pg_stat_statements), columns filtered in WHERE that no index leads with, and the planned node for the table from EXPLAIN (FORMAT JSON) without ANALYZE (e.g. Seq Scan).")]
    public Task<string> MissingIndexCandidatesAsync(
        [Description("How many of the slowest statements to examine (1-20).")] int statements = 5,
        CancellationToken cancellationToken = default) =>
        GuardAsync(async (connection, ct) =>
        {
            var (available, note) = await StatementsAvailableAsync(connection, ct).ConfigureAwait(false);
            if (!available)
            {
                return new { ok = true, available = false, note, candidates = Array.Empty<object>() };
            }

            var candidates = new List<object>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var statement in await ReadStatementsAsync(connection, "mean_exec_time", statements, ct).ConfigureAwait(false))
            {
                if (ParseFilter(statement.Query) is not { } filter)
                {
                    continue;
                }

                foreach (var column in filter.Columns)
                {
                    if (!seen.Add($"{filter.Table}.{column}") || await HasLeadingIndexAsync(connection, filter.Table, column, ct).ConfigureAwait(false) is not false)
                    {
                        continue;
                    }

                    var (node, estimated) = await ExplainAsync(connection, statement.Query, filter.Table, ct).ConfigureAwait(false);
                    candidates.Add(new
                    {
                        table = filter.Table,
                        column,
                        statement = ToolJson.Trim(statement.Query, 200),
                        mean_ms = statement.MeanMs,
                        calls = statement.Calls,
                        plan_node = node,
                        estimated_rows = estimated,
                        table_rows = await TableRowsAsync(connection, filter.Table, ct).ConfigureAwait(false),
                    });
                }
            }

            return new { ok = true, available = true, note = (string?)null, candidates = candidates.Take(10).ToArray() };
        }, cancellationToken);

    [KernelFunction("recent_migrations"), Description("Most recently applied schema migrations (name, applied_at) from the configured migrations table.")]
    public Task<string> RecentMigrationsAsync(
        [Description("Most migrations to return (1-20).")] int limit = 5,
        CancellationToken cancellationToken = default) =>
        GuardAsync(async (connection, ct) =>
        {
            if (string.IsNullOrWhiteSpace(_options.MigrationsTable))
            {
                return new { ok = true, configured = false, migrations = Array.Empty<object>() };
            }

            var table = string.Join('.', _options.MigrationsTable.Split('.').Select(Quote));
            await using var command = new NpgsqlCommand(
                $"SELECT {Quote(_options.MigrationNameColumn)}::text, {Quote(_options.MigrationAppliedAtColumn)}::timestamptz FROM {table} ORDER BY 2 DESC NULLS LAST LIMIT @limit",
                connection);
            command.Parameters.AddWithValue("limit", Math.Clamp(limit, 1, 20));
            var migrations = new List<object>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                migrations.Add(new
                {
                    name = reader.GetString(0),
                    applied_at = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1).ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                });
            }

            return new { ok = true, configured = true, migrations };
        }, cancellationToken);

    /// <summary>The table and the columns compared in the WHERE clause of <paramref name="sql"/>, or null.</summary>
    internal static (string Table, IReadOnlyList<string> Columns)? ParseFilter(string sql)
    {
        var from = FromTable().Match(sql);
        var where = sql.IndexOf(" WHERE ", StringComparison.OrdinalIgnoreCase);
        if (!from.Success || where < 0)
        {
            return null;
        }

        var clause = sql[(where + 7)..];
        var end = EndOfWhere().Match(clause);
        if (end.Success)
        {
            clause = clause[..end.Index];
        }

        var columns = FilterColumn().Matches(" " + clause).Select(m => m.Groups["column"].Value.ToLowerInvariant())
            .Where(c => c is not ("and" or "or" or "not")).Distinct().ToList();
        return columns.Count == 0 ? null : (from.Groups["table"].Value.ToLowerInvariant(), columns);
    }

    private static string Quote(string identifier) => $"\"{identifier.Trim().Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static async Task<(bool Available, string? Note)> StatementsAvailableAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements')", connection);
        return (bool)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!
            ? (true, null)
            : (false, "pg_stat_statements is not installed in this database (CREATE EXTENSION pg_stat_statements, with shared_preload_libraries=pg_stat_statements)");
    }

    private static async Task<List<(string Query, long Calls, double MeanMs, double TotalMs, long Rows)>> ReadStatementsAsync(
        NpgsqlConnection connection, string orderBy, int limit, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT query, calls, mean_exec_time, total_exec_time, rows FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND query !~* '(pg_stat|pg_catalog|information_schema|^\s*(EXPLAIN|SET|BEGIN|COMMIT|SHOW))'
            ORDER BY {orderBy} DESC LIMIT @limit
            """,
            connection);
        command.Parameters.AddWithValue("limit", Math.Clamp(limit, 1, 20));
        var list = new List<(string, long, double, double, long)>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add((reader.GetString(0), reader.GetInt64(1), Math.Round(reader.GetDouble(2), 2), Math.Round(reader.GetDouble(3), 1), reader.GetInt64(4)));
        }

        return list;
    }

    // Null when the table is not a user table (system catalogs are not candidates).
    private static async Task<bool?> HasLeadingIndexAsync(NpgsqlConnection connection, string table, string column, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM pg_stat_user_tables WHERE relname = @table) > 0,
                   EXISTS (SELECT 1 FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
                           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
                           WHERE t.relname = @table AND a.attname = @column)
            """,
            connection);
        command.Parameters.AddWithValue("table", table);
        command.Parameters.AddWithValue("column", column);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return reader.GetBoolean(0) ? reader.GetBoolean(1) : null;
    }

    private static async Task<long> TableRowsAsync(NpgsqlConnection connection, string table, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT coalesce(max(reltuples), 0)::bigint FROM pg_class WHERE relname = @table AND relkind IN ('r', 'p')", connection);
        command.Parameters.AddWithValue("table", table);
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    private static async Task<(string Node, double? EstimatedRows)> ExplainAsync(NpgsqlConnection connection, string normalized, string table, CancellationToken ct)
    {
        // pg_stat_statements keeps $1, $2...: a literal '0' lets the planner plan the statement without running it.
        var sql = Placeholder().Replace(normalized, "'0'");
        try
        {
            await using var command = new NpgsqlCommand($"EXPLAIN (FORMAT JSON) {sql}", connection);
            var json = (string)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            using var document = JsonDocument.Parse(json);
            var plan = document.RootElement[0].GetProperty("Plan");
            var node = FindRelationNode(plan, table) ?? plan;
            return (node.GetProperty("Node Type").GetString() ?? "unknown", node.TryGetProperty("Plan Rows", out var rows) ? rows.GetDouble() : null);
        }
        catch (PostgresException ex)
        {
            return ($"unknown (EXPLAIN failed: {ToolJson.Trim(ex.MessageText, 80)})", null);
        }
    }

    private static JsonElement? FindRelationNode(JsonElement plan, string table)
    {
        if (plan.TryGetProperty("Relation Name", out var relation) && string.Equals(relation.GetString(), table, StringComparison.OrdinalIgnoreCase))
        {
            return plan;
        }

        if (plan.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                if (FindRelationNode(child, table) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }

    private Task<string> GuardAsync(Func<NpgsqlConnection, CancellationToken, Task<object>> body, CancellationToken cancellationToken) =>
        ToolJson.GuardAsync(Tool, Timeout + TimeSpan.FromSeconds(1), async ct =>
        {
            if (string.IsNullOrWhiteSpace(_options.ConnectionString))
            {
                return ToolJson.Error(Tool, "no connection string configured (Tools:Postgres:ConnectionString)");
            }

            var builder = new NpgsqlConnectionStringBuilder(_options.ConnectionString)
            {
                Timeout = _options.TimeoutSeconds,
                CommandTimeout = _options.TimeoutSeconds,
                Pooling = false,
                ApplicationName = "agentops-diagnostics",
            };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await using (var setup = new NpgsqlCommand($"SET default_transaction_read_only = on; SET statement_timeout = '{_options.TimeoutSeconds}s'", connection))
            {
                await setup.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            return await body(connection, ct).ConfigureAwait(false);
        }, cancellationToken);

    [GeneratedRegex(@"\bFROM\s+(?:""?\w+""?\.)?""?(?<table>\w+)""?", RegexOptions.IgnoreCase)]
    private static partial Regex FromTable();

    [GeneratedRegex(@"\b(GROUP\s+BY|ORDER\s+BY|LIMIT|OFFSET|HAVING|RETURNING|FOR\s+UPDATE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EndOfWhere();

    [GeneratedRegex(@"(?:^|\s|\()(?:""?\w+""?\.)?""?(?<column>[a-zA-Z_]\w*)""?\s*(?:=|<>|!=|<=|>=|<|>|\s+IN\b|\s+LIKE\b|\s+ILIKE\b|\s+BETWEEN\b|\s+IS\b)", RegexOptions.IgnoreCase)]
    private static partial Regex FilterColumn();

    [GeneratedRegex(@"\$\d+")]
    private static partial Regex Placeholder();
}
