using System.Diagnostics;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Benchmarks.Intake;

/// <summary>Wraps a store and adds up the time spent in each method, to show where the intake time goes.</summary>
internal sealed class TimedIncidentStore(IIncidentStore inner) : IIncidentStore
{
    public Dictionary<string, (int Calls, TimeSpan Time)> Totals { get; } = [];

    public Task<string> NextIncidentIdAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => Time(nameof(NextIncidentIdAsync), () => inner.NextIncidentIdAsync(now, cancellationToken));

    public Task<Incident?> FindAsync(string incidentId, CancellationToken cancellationToken = default) => Time(nameof(FindAsync), () => inner.FindAsync(incidentId, cancellationToken));

    public Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken cancellationToken = default) => Time(nameof(ListAsync), () => inner.ListAsync(query, cancellationToken));

    public Task<IReadOnlyList<IncidentSummary>> ListSummariesAsync(IncidentQuery query, CancellationToken cancellationToken = default) =>
        Time(nameof(ListSummariesAsync), () => inner.ListSummariesAsync(query, cancellationToken));

    public Task<IReadOnlyList<IncidentVersion>> ListVersionsAsync(IncidentQuery query, CancellationToken cancellationToken = default) =>
        Time(nameof(ListVersionsAsync), () => inner.ListVersionsAsync(query, cancellationToken));

    public Task<IReadOnlyList<IncidentVersion>> GetVersionsAsync(IReadOnlyCollection<string> incidentIds, CancellationToken cancellationToken = default) =>
        Time(nameof(GetVersionsAsync), () => inner.GetVersionsAsync(incidentIds, cancellationToken));

    public Task<SenderHistory> GetSenderHistoryAsync(string customerDomain, string senderEmail, DateTimeOffset openSince, int limit, CancellationToken cancellationToken = default) =>
        Time(nameof(GetSenderHistoryAsync), () => inner.GetSenderHistoryAsync(customerDomain, senderEmail, openSince, limit, cancellationToken));

    public IStoreBatch? BeginBatch() => inner.BeginBatch();

    public Task SaveAsync(Incident incident, ChangeSet? changes = null, CancellationToken cancellationToken = default) => Time(nameof(SaveAsync), async () => { await inner.SaveAsync(incident, changes, cancellationToken); return 0; });

    public Task<string?> FindIncidentByMessageIdAsync(string messageId, CancellationToken cancellationToken = default) => Time(nameof(FindIncidentByMessageIdAsync), () => inner.FindIncidentByMessageIdAsync(messageId, cancellationToken));

    public Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken = default) => inner.GetCheckpointAsync(key, cancellationToken);

    public Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken = default) => inner.SetCheckpointAsync(key, value, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(string owner, int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default) => inner.ClaimOutboxAsync(owner, max, now, lease, cancellationToken);

    public Task CompleteOutboxAsync(string messageId, DateTimeOffset now, CancellationToken cancellationToken = default) => inner.CompleteOutboxAsync(messageId, now, cancellationToken);

    public Task FailOutboxAsync(string messageId, string error, DateTimeOffset nextAttemptAt, bool dead, CancellationToken cancellationToken = default) => inner.FailOutboxAsync(messageId, error, nextAttemptAt, dead, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string? incidentId = null, CancellationToken cancellationToken = default) => inner.ListOutboxAsync(incidentId, cancellationToken);

    private async Task<T> Time<T>(string name, Func<Task<T>> call)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            return await call();
        }
        finally
        {
            var (calls, time) = Totals.GetValueOrDefault(name);
            Totals[name] = (calls + 1, time + watch.Elapsed);
        }
    }
}
