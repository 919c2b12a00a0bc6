using System.Globalization;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Core.Tests.Fakes;

/// <summary>
/// A faithful in-memory <see cref="IIncidentStore"/> for tests: copies on read and write (so callers cannot change
/// stored state behind its back), optimistic concurrency on <see cref="Incident.Version"/>, message ids and checkpoints
/// committed atomically with the incident, and per-year incident ids.
/// </summary>
public sealed class InMemoryIncidentStore : IIncidentStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Incident> _incidents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _messageIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _checkpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _sequences = [];
    private readonly List<OutboxMessage> _outbox = [];
    private readonly Dictionary<string, (string Owner, DateTimeOffset Until)> _leases = new(StringComparer.Ordinal);

    /// <summary>How many saves succeeded (to show that a duplicate wrote nothing).</summary>
    public int SaveCount { get; private set; }

    /// <summary>When set, the next save throws it (simulates a failing store), then it is cleared.</summary>
    public Exception? FailNextSave { get; set; }

    /// <summary>Number of incidents stored.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _incidents.Count;
            }
        }
    }

    public Task<string> NextIncidentIdAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var next = _sequences.GetValueOrDefault(now.Year) + 1;
            _sequences[now.Year] = next;
            return Task.FromResult(string.Create(CultureInfo.InvariantCulture, $"INC-{now.Year}-{next:0000}"));
        }
    }

    public Task<Incident?> FindAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_incidents.TryGetValue(incidentId, out var stored) ? DetachedIncident.Copy(stored) : null);
        }
    }

    public Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            IReadOnlyList<Incident> result = _incidents.Values
                .Where(i => query.States.Count == 0 || query.States.Contains(i.State))
                .Where(i => query.Text is null || i.Title.Contains(query.Text, StringComparison.OrdinalIgnoreCase) || i.Id.Contains(query.Text, StringComparison.OrdinalIgnoreCase))
                .Where(i => query.CustomerDomain is null || string.Equals(i.Customer?.Domain, query.CustomerDomain, StringComparison.OrdinalIgnoreCase))
                .Where(i => query.CreatedSince is null || i.CreatedAt >= query.CreatedSince)
                .OrderBy(i => i.Priority).ThenBy(i => i.CreatedAt)
                .Skip(query.Offset).Take(query.Limit)
                .Select(i => DetachedIncident.Copy(i, withTimeline: false))
                .ToList();
            return Task.FromResult(result);
        }
    }

    public Task SaveAsync(Incident incident, ChangeSet? changes = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incident);
        lock (_lock)
        {
            if (FailNextSave is { } failure)
            {
                FailNextSave = null;
                throw failure;
            }

            var storedVersion = _incidents.TryGetValue(incident.Id, out var stored) ? stored.Version : 0;
            if (storedVersion != incident.Version)
            {
                throw new ConcurrencyException(incident.Id, incident.Version);
            }

            if (stored is not null && incident.Timeline.Count < stored.Timeline.Count)
            {
                throw new InvalidOperationException($"The timeline of {incident.Id} is append-only.");
            }

            incident.Version = storedVersion + 1;
            var copy = DetachedIncident.Copy(incident);
            _incidents[incident.Id] = copy;
            foreach (var id in incident.MessageIds.Concat(changes?.MessageIds ?? []))
            {
                _messageIds.TryAdd(id, incident.Id);
            }

            foreach (var (key, value) in changes?.Checkpoints ?? [])
            {
                _checkpoints[key] = value;
            }

            _outbox.AddRange(changes?.Outbox ?? []);
            SaveCount++;
            return Task.CompletedTask;
        }
    }

    public Task<string?> FindIncidentByMessageIdAsync(string messageId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_messageIds.TryGetValue(messageId, out var id) ? id : null);
        }
    }

    public Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_checkpoints.TryGetValue(key, out var value) ? value : null);
        }
    }

    public Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _checkpoints[key] = value;
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(string owner, int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<OutboxMessage> claimed = _outbox
                .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
                .Where(m => !_leases.TryGetValue(m.Id, out var l) || l.Until <= now)
                .Take(max)
                .ToList();
            foreach (var message in claimed)
            {
                _leases[message.Id] = (owner, now + lease);
            }

            return Task.FromResult(claimed);
        }
    }

    public Task CompleteOutboxAsync(string messageId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Update(messageId, m => m with { Status = OutboxStatus.Delivered, Attempts = m.Attempts + 1 });

    public Task FailOutboxAsync(string messageId, string error, DateTimeOffset nextAttemptAt, bool dead, CancellationToken cancellationToken = default) =>
        Update(messageId, m => m with { Status = dead ? OutboxStatus.Dead : OutboxStatus.Pending, Attempts = m.Attempts + 1, LastError = error, NextAttemptAt = nextAttemptAt });

    public Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string? incidentId = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<OutboxMessage> result = _outbox.Where(m => incidentId is null || m.IncidentId == incidentId).OrderBy(m => m.CreatedAt).ToList();
            return Task.FromResult(result);
        }
    }

    private Task Update(string messageId, Func<OutboxMessage, OutboxMessage> change)
    {
        lock (_lock)
        {
            var index = _outbox.FindIndex(m => m.Id == messageId);
            if (index < 0)
            {
                throw new InvalidOperationException($"No outbox message {messageId}.");
            }

            _outbox[index] = change(_outbox[index]);
            _leases.Remove(messageId);
            return Task.CompletedTask;
        }
    }
}
