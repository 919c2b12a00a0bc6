using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Infrastructure.Storage;

/// <summary>Timeline pages straight from <c>timeline_events</c> (primary key incident, sequence).</summary>
public sealed partial class SqlIncidentStore : ITimelineReader
{
    /// <inheritdoc />
    public Task<TimelinePage?> ReadTimelineAsync(string incidentId, long after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incidentId);
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync(
            async (connection, transaction) =>
            {
                var exists = await ScalarInt64Async(connection, transaction, "SELECT COUNT(*) FROM incidents WHERE id = @id", cancellationToken, ("@id", incidentId)).ConfigureAwait(false);
                if (exists == 0)
                {
                    return null;
                }

                var total = await ScalarInt64Async(
                    connection, transaction, "SELECT COALESCE(MAX(seq), 0) FROM timeline_events WHERE incident_id = @id", cancellationToken, ("@id", incidentId)).ConfigureAwait(false);
                var events = new List<TimelineEvent>();
                await using var command = CreateCommand(
                    connection, transaction, "SELECT json FROM timeline_events WHERE incident_id = @id AND seq > @after ORDER BY seq LIMIT @limit",
                    [("@id", incidentId), ("@after", after), ("@limit", limit)]);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    events.Add(IncidentSerializer.DeserializeEvent(reader.GetString(0)));
                }

                return (TimelinePage?)new TimelinePage(events, total);
            },
            cancellationToken);
    }
}
