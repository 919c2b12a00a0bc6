using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Infrastructure.Storage;

/// <summary>
/// Summaries and versions without loading incidents: SQL picks the page by the indexed columns, then the summary is read
/// from the columns plus the few fields of the document it needs (a projection, not an <see cref="Incident"/>: tracks,
/// findings and communications are counted, never built). No timeline is read.
/// </summary>
public sealed partial class SqlIncidentStore
{
    private const string PageOrder = " ORDER BY priority, created_at, id";

    // Chunks of ids for GetVersionsAsync: far below SQLite's and PostgreSQL's parameter limits.
    private const int IdsPerQuery = 500;

    /// <inheritdoc />
    /// <remarks>
    /// One query: the page's ids are chosen through the filters and the <c>(priority, created_at, id)</c> order exactly as
    /// <see cref="ListAsync"/> does (only ids go through the sort), then the selected rows' columns and documents are read.
    /// The document is read into a small projection (the serializer skips tracks' findings, the brief, the plan...), which
    /// measured faster than extracting the same fields with SQLite's JSON functions.
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

        var sql = $"SELECT id, version, state, priority, title, created_at, updated_at, json FROM incidents WHERE id IN ({filtered}){PageOrder}";
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

    private static IncidentSummary ReadSummary(DbDataReader reader)
    {
        var document = JsonSerializer.Deserialize<SummaryDocument>(reader.GetString(7), IncidentSerializer.Options)
            ?? throw new JsonException("The incident document is null.");
        return new IncidentSummary
        {
            Id = reader.GetString(0),
            Version = reader.GetInt64(1),
            State = Enum.Parse<IncidentState>(reader.GetString(2)),
            Priority = (Priority)reader.GetInt32(3),
            Title = reader.GetString(4),
            CreatedAt = FromTicks(reader.GetInt64(5)),
            UpdatedAt = FromTicks(reader.GetInt64(6)),
            Severity = document.Severity,
            Customer = document.Customer,
            Intent = document.Triage?.Intent,
            Sla = document.Sla,
            AcknowledgedAt = document.AcknowledgedAt,
            ResolvedAt = document.ResolvedAt,
            EscalationLevel = document.EscalationLevel,
            SignalCount = document.SignalCount,
            GitHubIssueNumber = document.GitHubIssueNumber,
            TrackCount = document.Tracks.Count,
            TracksDone = document.Tracks.Count(t => t.State == TrackState.Done),
            DraftsAwaitingApproval = document.Communications.Count(c => c.Status is CommunicationStatus.Draft or CommunicationStatus.Held),
        };
    }

    /// <summary>The fields of a stored incident document a summary needs; the serializer skips every other one without building it.</summary>
    private sealed record SummaryDocument
    {
        public Severity Severity { get; init; } = Severity.Sev3;

        public Customer? Customer { get; init; }

        public SlaDeadlines? Sla { get; init; }

        public TriageIntent? Triage { get; init; }

        public DateTimeOffset? AcknowledgedAt { get; init; }

        public DateTimeOffset? ResolvedAt { get; init; }

        public int EscalationLevel { get; init; }

        public int SignalCount { get; init; } = 1;

        public int? GitHubIssueNumber { get; init; }

        public List<TrackStateOnly> Tracks { get; init; } = [];

        public List<CommunicationStatusOnly> Communications { get; init; } = [];
    }

    private sealed record TriageIntent(string? Intent);

    private sealed record TrackStateOnly(TrackState State);

    private sealed record CommunicationStatusOnly(CommunicationStatus Status);
}
