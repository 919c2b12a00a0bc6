using System.Data.Common;
using System.Globalization;
using System.Text;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Infrastructure.Storage;

/// <summary>
/// Summaries and versions computed by SQL: the columns of <c>incidents</c> plus a few values read from its document by
/// the database's JSON functions, for the selected page only. No incident is deserialized and no timeline is read.
/// </summary>
public sealed partial class SqlIncidentStore
{
    private const string PageOrder = " ORDER BY priority, created_at, id";

    // Chunks of ids for GetVersionsAsync: far below SQLite's and PostgreSQL's parameter limits.
    private const int IdsPerQuery = 500;

    private string? _summarySelect;

    /// <inheritdoc />
    /// <remarks>
    /// One query: the page's ids are chosen through the filters and the <c>(priority, created_at, id)</c> order exactly as
    /// <see cref="ListAsync"/> does, then each selected row's document is parsed once by the database (SQLite <c>jsonb</c>,
    /// PostgreSQL <c>jsonb</c>) and the summary fields and counts read from it.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A negative limit or offset.</exception>
    /// <exception cref="StoreException">The store cannot be reached.</exception>
    public async Task<IReadOnlyList<IncidentSummary>> ListSummariesAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        var (filtered, parameters) = PageQuery(query, "SELECT id FROM incidents WHERE 1 = 1");
        if (filtered is null)
        {
            return [];
        }

        var sql = $"WITH page AS MATERIALIZED (SELECT id, version, state, priority, title, created_at, updated_at, {_dialect.JsonDocumentSql} AS doc " +
            $"FROM incidents WHERE id IN ({filtered})) {SummarySelect()} FROM page{PageOrder}";
        return await ReadAsync(
            async (connection, transaction) =>
            {
                var summaries = new List<IncidentSummary>();
                await using var command = CreateCommand(connection, transaction, sql, parameters);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    summaries.Add(ReadSummary(reader));
                }

                return (IReadOnlyList<IncidentSummary>)summaries;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Reads the <c>id</c> and <c>version</c> columns only.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">A negative limit or offset.</exception>
    /// <exception cref="StoreException">The store cannot be reached.</exception>
    public async Task<IReadOnlyList<IncidentVersion>> ListVersionsAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        var (sql, parameters) = PageQuery(query, "SELECT id, version FROM incidents WHERE 1 = 1");
        return sql is null
            ? []
            : await ReadAsync((connection, transaction) => ReadVersionsAsync(connection, transaction, sql, parameters, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Reads the <c>id</c> and <c>version</c> columns by primary key, in chunks of 500 ids, in one read transaction.</remarks>
    /// <exception cref="StoreException">The store cannot be reached.</exception>
    public async Task<IReadOnlyList<IncidentVersion>> GetVersionsAsync(IReadOnlyCollection<string> incidentIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incidentIds);
        var ids = incidentIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        return await ReadAsync(
            async (connection, transaction) =>
            {
                var versions = new List<IncidentVersion>();
                foreach (var chunk in ids.Chunk(IdsPerQuery))
                {
                    var names = string.Join(", ", chunk.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"@id{i}")));
                    (string, object?)[] parameters = [.. chunk.Select((id, i) => ((string, object?))(string.Create(CultureInfo.InvariantCulture, $"@id{i}"), id))];
                    versions.AddRange(await ReadVersionsAsync(
                        connection, transaction, $"SELECT id, version FROM incidents WHERE id IN ({names})", parameters, cancellationToken).ConfigureAwait(false));
                }

                return (IReadOnlyList<IncidentVersion>)versions;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The filtered, ordered and paged query that <see cref="ListAsync"/> runs, on <paramref name="select"/>; null SQL for an empty page.</summary>
    private static (string? Sql, (string, object?)[] Parameters) PageQuery(IncidentQuery query, string select)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        if (query.Limit == 0)
        {
            return (null, []);
        }

        var sql = new StringBuilder(select);
        var parameters = new List<(string, object?)>();
        AppendFilters(query, sql, parameters);
        sql.Append(PageOrder).Append(" LIMIT @limit OFFSET @offset");
        parameters.Add(("@limit", query.Limit));
        parameters.Add(("@offset", query.Offset));
        return (sql.ToString(), [.. parameters]);
    }

    private static async Task<IReadOnlyList<IncidentVersion>> ReadVersionsAsync(
        DbConnection connection, DbTransaction transaction, string sql, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        var versions = new List<IncidentVersion>();
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions.Add(new IncidentVersion(reader.GetString(0), reader.GetInt64(1)));
        }

        return versions;
    }

    /// <summary>The select list read by <see cref="ReadSummary"/>, in its column order.</summary>
    private string SummarySelect() => _summarySelect ??= string.Join(
        ", ",
        "SELECT id, version, state, priority, title, created_at, updated_at",
        _dialect.JsonValueSql("doc", "severity"),
        _dialect.JsonValueSql("doc", "customer", "name"),
        _dialect.JsonValueSql("doc", "customer", "email"),
        _dialect.JsonValueSql("doc", "customer", "domain"),
        _dialect.JsonValueSql("doc", "customer", "tier"),
        _dialect.JsonValueSql("doc", "customer", "language"),
        _dialect.JsonValueSql("doc", "triage", "intent"),
        _dialect.JsonValueSql("doc", "sla", "acknowledgeBy"),
        _dialect.JsonValueSql("doc", "sla", "resolveBy"),
        _dialect.JsonValueSql("doc", "sla", "resolutionTarget"),
        _dialect.JsonValueSql("doc", "acknowledgedAt"),
        _dialect.JsonValueSql("doc", "resolvedAt"),
        _dialect.JsonValueSql("doc", "escalationLevel"),
        _dialect.JsonValueSql("doc", "signalCount"),
        _dialect.JsonValueSql("doc", "gitHubIssueNumber"),
        _dialect.JsonArrayLengthSql("doc", "tracks"),
        _dialect.JsonCountSql("doc", "tracks", "state", $"'{TrackState.Done}'"),
        _dialect.JsonCountSql("doc", "communications", "status", $"'{CommunicationStatus.Draft}', '{CommunicationStatus.Held}'"));

    private static IncidentSummary ReadSummary(DbDataReader reader)
    {
        var customerEmail = Text(reader, 9);
        var acknowledgeBy = Text(reader, 14);
        var resolveBy = Text(reader, 15);
        return new IncidentSummary
        {
            Id = reader.GetString(0),
            Version = reader.GetInt64(1),
            State = Enum.Parse<IncidentState>(reader.GetString(2)),
            Priority = (Priority)Number(reader, 3)!.Value,
            Title = reader.GetString(4),
            CreatedAt = FromTicks(reader.GetInt64(5)),
            UpdatedAt = FromTicks(reader.GetInt64(6)),
            Severity = Text(reader, 7) is { } severity ? Enum.Parse<Severity>(severity) : Severity.Sev3,
            Customer = customerEmail is null
                ? null
                : new Customer(Text(reader, 8) ?? string.Empty, customerEmail, Text(reader, 10) ?? string.Empty, Text(reader, 11) ?? "standard", Text(reader, 12)),
            Intent = Text(reader, 13),
            Sla = acknowledgeBy is null || resolveBy is null
                ? null
                : new SlaDeadlines(Time(acknowledgeBy), Time(resolveBy))
                {
                    ResolutionTarget = Text(reader, 16) is { } target ? TimeSpan.Parse(target, CultureInfo.InvariantCulture) : TimeSpan.Zero,
                },
            AcknowledgedAt = Text(reader, 17) is { } acknowledged ? Time(acknowledged) : null,
            ResolvedAt = Text(reader, 18) is { } resolved ? Time(resolved) : null,
            EscalationLevel = Number(reader, 19) ?? 0,
            SignalCount = Number(reader, 20) ?? 1,
            GitHubIssueNumber = Number(reader, 21),
            TrackCount = Number(reader, 22) ?? 0,
            TracksDone = Number(reader, 23) ?? 0,
            DraftsAwaitingApproval = Number(reader, 24) ?? 0,
        };
    }

    // PostgreSQL's #>> gives text for every JSON value, SQLite's json_extract the SQL type: both are read through text.
    private static string? Text(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static int? Number(DbDataReader reader, int ordinal) =>
        Text(reader, ordinal) is { } text ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None);
}
