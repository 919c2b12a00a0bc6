using AgentOps.Core.Model;

namespace AgentOps.Core.Persistence;

/// <summary>Counts computed by the store without loading incidents: paging totals, dashboards and metrics.</summary>
public interface IIncidentStatistics
{
    /// <summary>How many incidents match <paramref name="query"/> (its limit and offset are ignored): the total of a paged list.</summary>
    /// <exception cref="StoreException">The store cannot be reached.</exception>
    Task<long> CountAsync(IncidentQuery query, CancellationToken cancellationToken = default);

    /// <summary>Incidents matching <paramref name="query"/> (its limit and offset are ignored), counted by state and priority.</summary>
    /// <exception cref="StoreException">The store cannot be reached.</exception>
    Task<IReadOnlyList<IncidentCount>> CountIncidentsAsync(IncidentQuery query, CancellationToken cancellationToken = default);

    /// <summary>Outbox messages counted by status (<see cref="OutboxStatus.Pending"/> is the delivery backlog).</summary>
    /// <exception cref="StoreException">The store cannot be reached.</exception>
    Task<IReadOnlyDictionary<OutboxStatus, long>> CountOutboxAsync(CancellationToken cancellationToken = default);
}
