using System.Globalization;
using System.Text;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Infrastructure.Storage;

/// <summary>Counts by SQL aggregate, without loading incidents.</summary>
public sealed partial class SqlIncidentStore : IIncidentStatistics
{
    /// <inheritdoc />
    /// <remarks>A plain <c>COUNT(*)</c>, answered from an index, unlike the grouped count which reads every row.</remarks>
    public async Task<long> CountAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder("SELECT COUNT(*) FROM incidents WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        AppendFilters(query, sql, parameters);
        return await ReadAsync(
            (connection, transaction) => ScalarInt64Async(connection, transaction, sql.ToString(), cancellationToken, [.. parameters]),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IncidentCount>> CountIncidentsAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder("SELECT state, priority, COUNT(*) FROM incidents WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        AppendFilters(query, sql, parameters);
        sql.Append(" GROUP BY state, priority ORDER BY priority, state");
        return await ReadAsync(
            async (connection, transaction) =>
            {
                var counts = new List<IncidentCount>();
                await using var command = CreateCommand(connection, transaction, sql.ToString(), [.. parameters]);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    counts.Add(new IncidentCount(
                        Enum.Parse<IncidentState>(reader.GetString(0)),
                        (Priority)Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture),
                        Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture)));
                }

                return (IReadOnlyList<IncidentCount>)counts;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<OutboxStatus, long>> CountOutboxAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(
            async (connection, transaction) =>
            {
                var counts = Enum.GetValues<OutboxStatus>().ToDictionary(s => s, _ => 0L);
                await using var command = CreateCommand(connection, transaction, "SELECT status, COUNT(*) FROM outbox GROUP BY status", []);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    counts[Enum.Parse<OutboxStatus>(reader.GetString(0))] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
                }

                return (IReadOnlyDictionary<OutboxStatus, long>)counts;
            },
            cancellationToken);
}
