using System.Globalization;
using AgentOps.Core.Model;

namespace AgentOps.Core.Diagnostics;

/// <summary>
/// Offline analyst of the database track (PostgreSQL): connections against <c>max_connections</c>, blocking chains,
/// top statements, sequential scans on large tables, missing-index candidates and recent migrations; and, in the log
/// sources of the track, the server's own messages (too many clients, deadlocks, statement timeouts).
/// </summary>
public sealed class DatabasePlaybook : Playbook
{
    /// <summary>Share of usable connections in use from which the pool counts as saturated. 0.8.</summary>
    public const double SaturationRatio = 0.8;

    /// <summary>Mean statement time, in ms, from which a statement counts as slow. 100.</summary>
    public const double SlowStatementMs = 100;

    /// <summary>Live rows from which a table counts as large. 100 000.</summary>
    public const double LargeTableRows = 100_000;

    /// <summary>How old a migration may be and still count as recent. 7 days.</summary>
    public static readonly TimeSpan RecentMigrationWindow = TimeSpan.FromDays(7);

    /// <inheritdoc />
    public override TrackKind Kind => TrackKind.Database;

    /// <inheritdoc />
    protected override async Task RunAsync(TrackContext context, FindingRecorder recorder, CancellationToken cancellationToken)
    {
        var before = recorder.Findings.Count;
        await LogSignatures.CheckAsync(context, LogSignatures.Database, recorder, cancellationToken).ConfigureAwait(false);
        var connections = await CallAsync(context, "postgres", "connections", cancellationToken).ConfigureAwait(false);
        if (connections is { Ok: false })
        {
            // Unreachable database: every other query would fail the same way.
            Usable(connections, recorder);
            return;
        }

        var blocking = await CallAsync(context, "postgres", "blocking_chains", cancellationToken).ConfigureAwait(false);
        var statements = await CallAsync(context, "postgres", "top_statements", cancellationToken).ConfigureAwait(false);
        var scans = await CallAsync(context, "postgres", "sequential_scans", cancellationToken).ConfigureAwait(false);
        var candidates = await CallAsync(context, "postgres", "missing_index_candidates", cancellationToken).ConfigureAwait(false);
        var migrations = await CallAsync(context, "postgres", "recent_migrations", cancellationToken).ConfigureAwait(false);

        ReadConnections(Usable(connections, recorder), recorder);
        ReadBlocking(Usable(blocking, recorder), recorder);
        ReadStatements(Usable(statements, recorder), recorder);
        ReadSequentialScans(Usable(scans, recorder), recorder);
        var indexTables = ReadMissingIndexes(Usable(candidates, recorder), recorder);
        ReadMigrations(Usable(migrations, recorder), recorder, context.Time.GetUtcNow(), indexTables);
        if (recorder.Findings.Skip(before).All(f => FindingCategories.IsNeutral(f.Category)) && connections is not null)
        {
            recorder.Add(FindingCategories.DbOk, "PostgreSQL looks healthy: no saturation, blocking, slow statement or missing index found.", 0.5, "postgres", "all checks passed");
        }
    }

    /// <summary>Connections against <c>max_connections</c> → <see cref="FindingCategories.DbPoolSaturated"/>.</summary>
    internal static void ReadConnections(ToolOutput? output, FindingRecorder recorder)
    {
        if (output?.Number("usage_ratio") is not { } ratio || ratio < SaturationRatio)
        {
            return;
        }

        var used = output.Number("client_connections") ?? 0;
        var max = output.Number("max_connections") ?? 0;
        var usable = max - (output.Number("superuser_reserved_connections") ?? 0);
        var waiting = output.Number("waiting_on_lock") ?? 0;
        recorder.Add(
            FindingCategories.DbPoolSaturated,
            $"PostgreSQL connections are saturated: {F(used, "0")} client connections for {F(usable, "0")} usable slots (max_connections {F(max, "0")}).",
            ratio >= 0.95 ? 0.9 : 0.75,
            output.Source,
            $"client_connections={F(used, "0")} max_connections={F(max, "0")} by_state={Excerpt(output, "by_state")} waiting_on_lock={F(waiting, "0")}",
            new Dictionary<string, string> { ["usage_ratio"] = F(ratio), ["max_connections"] = F(max, "0") });
    }

    /// <summary>Sessions blocked by others → <see cref="FindingCategories.DbBlocking"/>.</summary>
    internal static void ReadBlocking(ToolOutput? output, FindingRecorder recorder)
    {
        var blocked = output?.Items("blocked").ToList() ?? [];
        if (blocked.Count == 0)
        {
            return;
        }

        var longest = blocked.Max(b => ToolOutput.Number(b, "waiting_s") ?? 0);
        recorder.Add(
            FindingCategories.DbBlocking,
            $"{blocked.Count} PostgreSQL session(s) are blocked by locks held by others (longest wait {F(longest, "0.#")} s).",
            longest >= 5 ? 0.8 : 0.6,
            output!.Source,
            string.Join("; ", blocked.Take(3).Select(b => $"pid {ToolOutput.Text(b, "pid")} blocked by {ToolOutput.Text(b, "blocked_by")}: {ToolOutput.Text(b, "query")}")));
    }

    /// <summary>Top statements by mean time → <see cref="FindingCategories.DbSlowQuery"/>.</summary>
    internal static void ReadStatements(ToolOutput? output, FindingRecorder recorder)
    {
        if (output is null)
        {
            return;
        }

        if (output.Root.TryGetProperty("available", out var available) && available.ValueKind == System.Text.Json.JsonValueKind.False)
        {
            recorder.Add(FindingCategories.ToolUnavailable, "pg_stat_statements is not installed: statement statistics are unknown.", 0.2, output.Source, output.Text("note") ?? "extension missing");
            return;
        }

        var slow = output.Items("statements")
            .Where(s => (ToolOutput.Number(s, "mean_ms") ?? 0) >= SlowStatementMs)
            .OrderByDescending(s => ToolOutput.Number(s, "total_ms") ?? 0)
            .FirstOrDefault();
        if (slow.ValueKind == System.Text.Json.JsonValueKind.Undefined)
        {
            return;
        }

        var mean = ToolOutput.Number(slow, "mean_ms") ?? 0;
        var calls = ToolOutput.Number(slow, "calls") ?? 0;
        var query = ToolOutput.Text(slow, "query") ?? string.Empty;
        recorder.Add(
            FindingCategories.DbSlowQuery,
            $"A frequent statement is slow: {F(mean, "0")} ms on average over {F(calls, "0")} calls: {FindingRecorder.Trim(query, 120)}",
            mean >= 500 ? 0.85 : 0.7,
            output.Source,
            $"mean_ms={F(mean, "0.#")} calls={F(calls, "0")} total_ms={F(ToolOutput.Number(slow, "total_ms") ?? 0, "0")} rows={F(ToolOutput.Number(slow, "rows") ?? 0, "0")} query={query}",
            new Dictionary<string, string> { ["mean_ms"] = F(mean, "0.#"), ["query"] = FindingRecorder.Trim(query, 300) });
    }

    /// <summary>Large tables read mostly by sequential scans → <see cref="FindingCategories.DbSeqScan"/>.</summary>
    internal static void ReadSequentialScans(ToolOutput? output, FindingRecorder recorder)
    {
        foreach (var table in (output?.Items("tables") ?? []).Take(3))
        {
            var rows = ToolOutput.Number(table, "n_live_tup") ?? 0;
            var seq = ToolOutput.Number(table, "seq_scan") ?? 0;
            var idx = ToolOutput.Number(table, "idx_scan") ?? 0;
            if (rows < LargeTableRows || seq < 5 || seq <= idx)
            {
                continue;
            }

            var name = ToolOutput.Text(table, "table") ?? "?";
            recorder.Add(
                FindingCategories.DbSeqScan,
                $"Table {name} ({F(rows, "0")} rows) is read by sequential scans: {F(seq, "0")} seq scans against {F(idx, "0")} index scans.",
                seq >= 20 ? 0.8 : 0.65,
                output!.Source,
                $"table={name} seq_scan={F(seq, "0")} seq_tup_read={F(ToolOutput.Number(table, "seq_tup_read") ?? 0, "0")} idx_scan={F(idx, "0")} n_live_tup={F(rows, "0")}",
                new Dictionary<string, string> { ["table"] = name });
        }
    }

    /// <summary>Columns filtered by slow statements without an index → <see cref="FindingCategories.DbMissingIndex"/>.</summary>
    /// <returns>The tables that lack an index.</returns>
    internal static IReadOnlyList<string> ReadMissingIndexes(ToolOutput? output, FindingRecorder recorder)
    {
        var tables = new List<string>();
        foreach (var candidate in (output?.Items("candidates") ?? []).Take(3))
        {
            var table = ToolOutput.Text(candidate, "table");
            var column = ToolOutput.Text(candidate, "column");
            if (table is null || column is null)
            {
                continue;
            }

            var plan = ToolOutput.Text(candidate, "plan_node") ?? "unknown";
            var mean = ToolOutput.Number(candidate, "mean_ms") ?? 0;
            var rows = ToolOutput.Number(candidate, "table_rows") ?? 0;
            var seqPlan = plan.Contains("Seq Scan", StringComparison.OrdinalIgnoreCase);
            var confidence = 0.6 + (seqPlan ? 0.2 : 0) + (mean >= SlowStatementMs ? 0.1 : 0) + (rows >= LargeTableRows ? 0.05 : 0);
            recorder.Add(
                FindingCategories.DbMissingIndex,
                $"No index on {table}.{column}: the slow statement filtering on it ({F(mean, "0")} ms mean) is planned as a {plan} over {F(rows, "0")} rows.",
                confidence,
                output!.Source,
                $"table={table} column={column} plan={plan} mean_ms={F(mean, "0.#")} calls={F(ToolOutput.Number(candidate, "calls") ?? 0, "0")} statement={ToolOutput.Text(candidate, "statement")}",
                new Dictionary<string, string> { ["table"] = table, ["column"] = column, ["plan"] = plan });
            tables.Add(table);
        }

        return tables;
    }

    /// <summary>Migrations applied recently → <see cref="FindingCategories.DbRecentMigration"/>, linked to tables that lack an index.</summary>
    internal static void ReadMigrations(ToolOutput? output, FindingRecorder recorder, DateTimeOffset now, IReadOnlyList<string> tablesMissingIndex)
    {
        foreach (var migration in output?.Items("migrations") ?? [])
        {
            var name = ToolOutput.Text(migration, "name") ?? "?";
            if (ToolOutput.Time(migration, "applied_at") is not { } appliedAt || now - appliedAt > RecentMigrationWindow)
            {
                continue;
            }

            var related = tablesMissingIndex.FirstOrDefault(t => MentionsTable(name, t));
            var data = new Dictionary<string, string> { ["migration"] = name, ["applied_at"] = appliedAt.ToString("O", CultureInfo.InvariantCulture) };
            if (related is not null)
            {
                data["table"] = related;
            }

            recorder.Add(
                FindingCategories.DbRecentMigration,
                related is null
                    ? $"Migration {name} was applied {Age(now - appliedAt)} ago."
                    : $"Migration {name} was applied {Age(now - appliedAt)} ago and changed table {related}, which now lacks an index for its slow statement.",
                related is null ? 0.5 : 0.75,
                output!.Source,
                $"name={name} applied_at={appliedAt:O}",
                data,
                appliedAt);
            return;
        }
    }

    private static bool MentionsTable(string migration, string table)
    {
        var singular = table.EndsWith('s') ? table[..^1] : table;
        return migration.Contains(table, StringComparison.OrdinalIgnoreCase) || migration.Contains(singular, StringComparison.OrdinalIgnoreCase);
    }

    private static string Age(TimeSpan age) => age.TotalHours >= 1 ? $"{F(age.TotalHours, "0.#")} h" : $"{F(Math.Max(age.TotalMinutes, 0), "0")} min";

    private static string Excerpt(ToolOutput output, string name) =>
        output.Root.TryGetProperty(name, out var value) ? FindingRecorder.Trim(value.GetRawText(), 200) : "{}";
}
