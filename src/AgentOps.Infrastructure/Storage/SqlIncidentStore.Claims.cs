using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Pipeline;

namespace AgentOps.Infrastructure.Storage;

/// <summary>Pipeline claims (<see cref="IIncidentClaimStore"/>): one row per incident in <c>pipeline_claims</c>, leased like the outbox.</summary>
public sealed partial class SqlIncidentStore
{
    // Active incidents ahead of their processed version, not leased, past their retry time (alias i; uses @now).
    private const string DueIncidents =
        "incidents i LEFT JOIN pipeline_claims c ON c.incident_id = i.id " +
        "WHERE i.state IN ('New', 'Triaged', 'Investigating', 'Mitigating', 'Resolved') AND (c.incident_id IS NULL OR (c.processed_version < i.version " +
        "AND (c.locked_until IS NULL OR c.locked_until <= @now) AND c.next_attempt_at <= @now))";

    /// <inheritdoc />
    /// <remarks>
    /// One statement: an upsert of the due incidents whose update only applies when the existing claim's lease ran out
    /// and the incident is still ahead of its processed version, re-checked on the latest row. On PostgreSQL a concurrent
    /// claimer waits for the row and then sees it leased; on SQLite claimers take turns on the write lock.
    /// </remarks>
    public async Task<IReadOnlyList<string>> ClaimIncidentsAsync(string owner, int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        if (max == 0)
        {
            return [];
        }

        (string, object?)[] parameters = [("@owner", owner), ("@until", (now + lease).UtcTicks), ("@now", now.UtcTicks), ("@max", max)];

        // Most polls find nothing: look without taking the write lock first.
        var due = await ReadAsync(
            (connection, transaction) => ScalarInt64Async(
                connection, transaction, $"SELECT COUNT(*) FROM (SELECT i.id FROM {DueIncidents} LIMIT 1) due", cancellationToken, parameters),
            cancellationToken).ConfigureAwait(false);
        if (due == 0)
        {
            return [];
        }

        return await WriteAsync(
            async (connection, transaction) =>
            {
                var ids = new List<string>();
                await using var command = CreateCommand(
                    connection,
                    transaction,
                    "INSERT INTO pipeline_claims (incident_id, owner, locked_until, processed_version, attempts, next_attempt_at) " +
                    $"SELECT i.id, @owner, @until, 0, 0, 0 FROM {DueIncidents} " +
                    "ORDER BY i.priority, i.created_at, i.id LIMIT @max " +
                    "ON CONFLICT (incident_id) DO UPDATE SET owner = excluded.owner, locked_until = excluded.locked_until " +
                    "WHERE (pipeline_claims.locked_until IS NULL OR pipeline_claims.locked_until <= @now) AND pipeline_claims.next_attempt_at <= @now " +
                    "AND pipeline_claims.processed_version < (SELECT version FROM incidents WHERE id = pipeline_claims.incident_id) " +
                    "RETURNING incident_id",
                    parameters);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    ids.Add(reader.GetString(0));
                }

                return (IReadOnlyList<string>)ids;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<ClaimRenewal> RenewIncidentClaimAsync(string incidentId, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incidentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        return WriteAsync(
            async (connection, transaction) =>
            {
                var rows = await ExecuteAsync(
                    connection,
                    transaction,
                    "UPDATE pipeline_claims SET locked_until = @until WHERE incident_id = @id AND owner = @owner",
                    cancellationToken,
                    ("@until", (now + lease).UtcTicks),
                    ("@id", incidentId),
                    ("@owner", owner)).ConfigureAwait(false);
                var state = await ScalarStringAsync(connection, transaction, "SELECT state FROM incidents WHERE id = @id", cancellationToken, ("@id", incidentId))
                    .ConfigureAwait(false);
                return new ClaimRenewal(rows == 1, state is null ? null : Enum.Parse<IncidentState>(state));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task ReleaseIncidentClaimAsync(string incidentId, string owner, long? processedVersion, DateTimeOffset retryAt, string? error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incidentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        return WriteAsync(
            (connection, transaction) => processedVersion is { } version
                ? ExecuteAsync(
                    connection,
                    transaction,
                    "UPDATE pipeline_claims SET owner = NULL, locked_until = NULL, processed_version = @version, attempts = 0, last_error = NULL, " +
                    "next_attempt_at = 0 WHERE incident_id = @id AND owner = @owner",
                    cancellationToken,
                    ("@version", version),
                    ("@id", incidentId),
                    ("@owner", owner))
                : ExecuteAsync(
                    connection,
                    transaction,
                    "UPDATE pipeline_claims SET owner = NULL, locked_until = NULL, attempts = attempts + 1, last_error = @error, " +
                    "next_attempt_at = @retry WHERE incident_id = @id AND owner = @owner",
                    cancellationToken,
                    ("@error", error),
                    ("@retry", retryAt.UtcTicks),
                    ("@id", incidentId),
                    ("@owner", owner)),
            cancellationToken);
    }
}
