using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Infrastructure.Tests.Scheduling;

/// <summary>The real store, except that reads of one chosen incident fail a given number of times (an outage).</summary>
internal sealed class FlakyIncidentStore(IIncidentStore inner, int failures) : IIncidentStore
{
    private string? _target;
    private int _remaining = failures;

    /// <summary>The real store, for the test's own reads.</summary>
    public IIncidentStore Inner => inner;

    public void FailFindOf(string incidentId) => _target = incidentId;

    public Task<Incident?> FindAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        if (incidentId == _target && Interlocked.Decrement(ref _remaining) >= 0)
        {
            throw new StoreException("store unreachable (simulated)");
        }

        return inner.FindAsync(incidentId, cancellationToken);
    }

    public Task<string> NextIncidentIdAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => inner.NextIncidentIdAsync(now, cancellationToken);

    public Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);

    public Task<IReadOnlyList<IncidentSummary>> ListSummariesAsync(IncidentQuery query, CancellationToken cancellationToken = default) => inner.ListSummariesAsync(query, cancellationToken);

    public Task<IReadOnlyList<IncidentVersion>> ListVersionsAsync(IncidentQuery query, CancellationToken cancellationToken = default) => inner.ListVersionsAsync(query, cancellationToken);

    public Task<IReadOnlyList<IncidentVersion>> GetVersionsAsync(IReadOnlyCollection<string> incidentIds, CancellationToken cancellationToken = default) =>
        inner.GetVersionsAsync(incidentIds, cancellationToken);

    public Task SaveAsync(Incident incident, ChangeSet? changes = null, CancellationToken cancellationToken = default) => inner.SaveAsync(incident, changes, cancellationToken);

    public Task<string?> FindIncidentByMessageIdAsync(string messageId, CancellationToken cancellationToken = default) => inner.FindIncidentByMessageIdAsync(messageId, cancellationToken);

    public Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken = default) => inner.GetCheckpointAsync(key, cancellationToken);

    public Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken = default) => inner.SetCheckpointAsync(key, value, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(string owner, int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default) =>
        inner.ClaimOutboxAsync(owner, max, now, lease, cancellationToken);

    public Task CompleteOutboxAsync(string messageId, DateTimeOffset now, CancellationToken cancellationToken = default) => inner.CompleteOutboxAsync(messageId, now, cancellationToken);

    public Task FailOutboxAsync(string messageId, string error, DateTimeOffset nextAttemptAt, bool dead, CancellationToken cancellationToken = default) =>
        inner.FailOutboxAsync(messageId, error, nextAttemptAt, dead, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string? incidentId = null, CancellationToken cancellationToken = default) => inner.ListOutboxAsync(incidentId, cancellationToken);
}
