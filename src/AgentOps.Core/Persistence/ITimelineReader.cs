namespace AgentOps.Core.Persistence;

/// <summary>Reads one page of an incident's timeline without loading the incident (timelines can hold 10,000 events).</summary>
public interface ITimelineReader
{
    /// <summary>Up to <paramref name="limit"/> events with a sequence above <paramref name="after"/>, in order, and the timeline's length.</summary>
    /// <returns>The page, or <see langword="null"/> when there is no incident <paramref name="incidentId"/>.</returns>
    /// <exception cref="StoreException">The store cannot be reached.</exception>
    Task<TimelinePage?> ReadTimelineAsync(string incidentId, long after, int limit, CancellationToken cancellationToken = default);
}
