using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.Storage;

namespace AgentOps.Infrastructure.Tests.Fakes;

/// <summary>
/// An in-memory <see cref="IIncidentStore"/> that behaves like the real ones where communication depends on it:
/// copies on load and save (no shared references), optimistic concurrency on <see cref="Incident.Version"/>,
/// outbox and message ids written with the incident, claims with a lease, failures with attempts and dead messages kept.
/// </summary>
public sealed class CommsInMemoryIncidentStore : IIncidentStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Incident> _incidents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _messageIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _checkpoints = new(StringComparer.Ordinal);
    private readonly List<OutboxMessage> _outbox = [];
    private int _sequence;

    public Task<string> NextIncidentIdAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult($"INC-{now.Year}-{++_sequence:0000}");
        }
    }

    public Task<Incident?> FindAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_incidents.TryGetValue(incidentId, out var stored) ? Clone(stored) : null);
        }
    }

    public Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Incident> list = _incidents.Values
                .Where(i => query.States.Count == 0 || query.States.Contains(i.State))
                .Where(i => query.Text is null || i.Title.Contains(query.Text, StringComparison.OrdinalIgnoreCase) || i.Id.Contains(query.Text, StringComparison.OrdinalIgnoreCase))
                .Where(i => query.CustomerDomain is null || i.Customer?.Domain == query.CustomerDomain)
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
        lock (_gate)
        {
            var storedVersion = _incidents.TryGetValue(incident.Id, out var stored) ? stored.Version : 0;
            if (storedVersion != incident.Version)
            {
                throw new ConcurrencyException(incident.Id, incident.Version);
            }

            if (changes is not null && changes.Outbox.Any(m => _outbox.Any(o => o.Id == m.Id)))
            {
                throw new StoreException($"Outbox message id already exists for {incident.Id}.");
            }

            incident.Version++;
            var copy = Clone(incident);
            if (changes is not null)
            {
                _outbox.AddRange(changes.Outbox);
                foreach (var id in changes.MessageIds)
                {
                    _messageIds[id] = incident.Id;
                    if (!copy.MessageIds.Contains(id))
                    {
                        copy.MessageIds.Add(id);
                    }
                }

                foreach (var (key, value) in changes.Checkpoints)
                {
                    _checkpoints[key] = value;
                }
            }

            foreach (var id in incident.MessageIds)
            {
                _messageIds[id] = incident.Id;
            }

            _incidents[incident.Id] = copy;
            return Task.CompletedTask;
        }
    }

    public Task<string?> FindIncidentByMessageIdAsync(string messageId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_messageIds.GetValueOrDefault(messageId));
        }
    }

    public Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_checkpoints.GetValueOrDefault(key));
        }
    }

    public Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _checkpoints[key] = value;
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(string owner, int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var due = _outbox.Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now).OrderBy(m => m.CreatedAt).Take(max).ToList();
            foreach (var message in due)
            {
                Replace(message with { NextAttemptAt = now + lease });
            }

            return Task.FromResult<IReadOnlyList<OutboxMessage>>(due);
        }
    }

    public Task CompleteOutboxAsync(string messageId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var message = Get(messageId);
            Replace(message with { Status = OutboxStatus.Delivered, Attempts = message.Attempts + 1, LastError = null });
            return Task.CompletedTask;
        }
    }

    public Task FailOutboxAsync(string messageId, string error, DateTimeOffset nextAttemptAt, bool dead, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var message = Get(messageId);
            Replace(message with
            {
                Status = dead ? OutboxStatus.Dead : OutboxStatus.Pending,
                Attempts = message.Attempts + 1,
                LastError = error,
                NextAttemptAt = nextAttemptAt,
            });
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string? incidentId = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<OutboxMessage>>(_outbox.Where(m => incidentId is null || m.IncidentId == incidentId).OrderBy(m => m.CreatedAt).ToList());
        }
    }

    private OutboxMessage Get(string id) => _outbox.Find(m => m.Id == id) ?? throw new StoreException($"No outbox message {id}.");

    private void Replace(OutboxMessage message) => _outbox[_outbox.FindIndex(m => m.Id == message.Id)] = message;

    /// <summary>A detached copy made the way the SQL store makes one: the stored document, then the version and timeline.</summary>
    private static Incident Clone(Incident source)
    {
        var copy = IncidentSerializer.Deserialize(IncidentSerializer.Serialize(source));
        copy.Version = source.Version;
        copy.LoadTimeline(source.Timeline);
        return copy;
    }
}
