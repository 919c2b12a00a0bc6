using System.Globalization;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.Storage;

namespace AgentOps.Infrastructure.Tests.Fakes;

/// <summary>
/// An <see cref="IIncidentStore"/> in memory that keeps the contract: copies in and out (no shared references),
/// optimistic concurrency on <see cref="Incident.Version"/>, timeline, outbox, message ids and checkpoints written
/// atomically with the incident, and outbox leases that expire.
/// </summary>
internal sealed class InMemoryIncidentStore(TimeProvider time) : IIncidentStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Incident> _incidents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _messageIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _checkpoints = new(StringComparer.Ordinal);
    private readonly List<(OutboxMessage Message, string? Owner, DateTimeOffset LeaseUntil)> _outbox = [];
    private readonly Dictionary<int, int> _sequences = [];

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
            return Task.FromResult(_incidents.TryGetValue(incidentId, out var incident) ? Clone(incident) : null);
        }
    }

    public Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            IReadOnlyList<Incident> list = _incidents.Values
                .Where(i => query.States.Count == 0 || query.States.Contains(i.State))
                .Where(i => query.Text is null || i.Title.Contains(query.Text, StringComparison.OrdinalIgnoreCase) || i.Id.Contains(query.Text, StringComparison.OrdinalIgnoreCase))
                .Where(i => query.CustomerDomain is null || string.Equals(i.Customer?.Domain, query.CustomerDomain, StringComparison.OrdinalIgnoreCase))
                .Where(i => query.CreatedSince is null || i.CreatedAt >= query.CreatedSince)
                .OrderBy(i => i.Priority).ThenBy(i => i.CreatedAt)
                .Skip(query.Offset).Take(query.Limit)
                .Select(Clone)
                .ToList();
            return Task.FromResult(list);
        }
    }

    public Task SaveAsync(Incident incident, ChangeSet? changes = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incident);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var storedVersion = _incidents.TryGetValue(incident.Id, out var stored) ? stored.Version : 0;
            if (storedVersion != incident.Version)
            {
                throw new ConcurrencyException(incident.Id, incident.Version);
            }

            if (stored is not null && incident.Timeline.Count < stored.Timeline.Count)
            {
                throw new InvalidOperationException($"The timeline of {incident.Id} is append-only.");
            }

            var copy = Clone(incident);
            copy.Version = incident.Version + 1;
            _incidents[incident.Id] = copy;
            if (changes is not null)
            {
                foreach (var message in changes.Outbox)
                {
                    _outbox.Add((message with { Status = OutboxStatus.Pending, NextAttemptAt = message.NextAttemptAt == default ? message.CreatedAt : message.NextAttemptAt }, null, DateTimeOffset.MinValue));
                }

                foreach (var id in changes.MessageIds)
                {
                    _messageIds[id] = incident.Id;
                }

                foreach (var (key, value) in changes.Checkpoints)
                {
                    _checkpoints[key] = value;
                }
            }

            incident.Version++;
        }

        return Task.CompletedTask;
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
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            _checkpoints[key] = value;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(string owner, int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var claimed = new List<OutboxMessage>();
            for (var i = 0; i < _outbox.Count && claimed.Count < max; i++)
            {
                var (message, _, leaseUntil) = _outbox[i];
                if (message.Status == OutboxStatus.Pending && message.NextAttemptAt <= now && leaseUntil <= now)
                {
                    _outbox[i] = (message, owner, now + lease);
                    claimed.Add(message);
                }
            }

            return Task.FromResult<IReadOnlyList<OutboxMessage>>(claimed);
        }
    }

    public Task CompleteOutboxAsync(string messageId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Update(messageId, m => m with { Status = OutboxStatus.Delivered, Attempts = m.Attempts + 1 });
        return Task.CompletedTask;
    }

    public Task FailOutboxAsync(string messageId, string error, DateTimeOffset nextAttemptAt, bool dead, CancellationToken cancellationToken = default)
    {
        Update(messageId, m => m with
        {
            Status = dead ? OutboxStatus.Dead : OutboxStatus.Pending,
            Attempts = m.Attempts + 1,
            LastError = error,
            NextAttemptAt = nextAttemptAt,
        });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string? incidentId = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<OutboxMessage> list = _outbox.Select(o => o.Message)
                .Where(m => incidentId is null || m.IncidentId == incidentId)
                .OrderBy(m => m.CreatedAt)
                .ToList();
            return Task.FromResult(list);
        }
    }

    private void Update(string messageId, Func<OutboxMessage, OutboxMessage> change)
    {
        lock (_lock)
        {
            var index = _outbox.FindIndex(o => o.Message.Id == messageId);
            if (index < 0)
            {
                throw new InvalidOperationException($"No outbox message {messageId}.");
            }

            _outbox[index] = (change(_outbox[index].Message), null, time.GetUtcNow());
        }
    }

    /// <summary>A detached copy made the way the SQL store makes one: the stored document, then the version and timeline.</summary>
    private static Incident Clone(Incident source)
    {
        var copy = IncidentSerializer.Deserialize(IncidentSerializer.Serialize(source));
        copy.Version = source.Version;
        copy.LoadTimeline(source.Timeline);
        return copy;
    }
}
