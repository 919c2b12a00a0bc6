using System.Globalization;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Core.Tests.Fakes;

/// <summary>
/// An in-memory <see cref="IIncidentStore"/> that behaves like the durable ones where the orchestration relies on it:
/// reads return copies, saves check the version (<see cref="ConcurrencyException"/>), outbox ids are unique, and the
/// outbox is written in the same save as the incident.
/// </summary>
public sealed class OrchestrationInMemoryIncidentStore : IIncidentStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Incident> _incidents = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<OutboxMessage> _outbox = [];
    private readonly Dictionary<string, string> _checkpoints = [];
    private readonly Dictionary<string, string> _messageIds = [];
    private int _next;

    /// <summary>Number of successful saves.</summary>
    public int Saves { get; private set; }

    /// <summary>Runs before each save is applied; a test can change the stored incident there to simulate a concurrent writer.</summary>
    public Action<string>? BeforeSave { get; set; }

    public Task<string> NextIncidentIdAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(string.Create(CultureInfo.InvariantCulture, $"INC-{now.Year}-{++_next:0000}"));
        }
    }

    public Task<Incident?> FindAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_incidents.TryGetValue(incidentId, out var stored) ? DetachedIncident.Copy(stored) : null);
        }
    }

    public Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Incident> list = _incidents.Values
                .Where(i => query.States.Count == 0 || query.States.Contains(i.State))
                .OrderBy(i => i.Priority).ThenBy(i => i.CreatedAt)
                .Skip(query.Offset).Take(query.Limit)
                .Select(i => DetachedIncident.Copy(i)).ToList();
            return Task.FromResult(list);
        }
    }

    public Task SaveAsync(Incident incident, ChangeSet? changes = null, CancellationToken cancellationToken = default)
    {
        BeforeSave?.Invoke(incident.Id);
        lock (_gate)
        {
            var storedVersion = _incidents.TryGetValue(incident.Id, out var stored) ? stored.Version : 0;
            if (storedVersion != incident.Version)
            {
                throw new ConcurrencyException(incident.Id, incident.Version);
            }

            foreach (var message in changes?.Outbox ?? [])
            {
                if (_outbox.Exists(m => m.Id == message.Id))
                {
                    throw new StoreException($"Outbox message {message.Id} already exists.");
                }
            }

            _outbox.AddRange(changes?.Outbox ?? []);
            foreach (var id in changes?.MessageIds ?? [])
            {
                _messageIds[id] = incident.Id;
            }

            incident.Version = storedVersion + 1;
            _incidents[incident.Id] = DetachedIncident.Copy(incident);
            Saves++;
            return Task.CompletedTask;
        }
    }

    public Task<string?> FindIncidentByMessageIdAsync(string messageId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_messageIds.TryGetValue(messageId, out var id) ? id : null);
        }
    }

    public Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_checkpoints.TryGetValue(key, out var value) ? value : null);
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
            IReadOnlyList<OutboxMessage> due = _outbox.Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now).Take(max).ToList();
            foreach (var message in due)
            {
                _outbox[_outbox.IndexOf(message)] = message with { NextAttemptAt = now + lease };
            }

            return Task.FromResult(due);
        }
    }

    public Task CompleteOutboxAsync(string messageId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Replace(messageId, m => m with { Status = OutboxStatus.Delivered, Attempts = m.Attempts + 1 });

    public Task FailOutboxAsync(string messageId, string error, DateTimeOffset nextAttemptAt, bool dead, CancellationToken cancellationToken = default) =>
        Replace(messageId, m => m with
        {
            Status = dead ? OutboxStatus.Dead : OutboxStatus.Pending,
            Attempts = m.Attempts + 1,
            LastError = error,
            NextAttemptAt = nextAttemptAt,
        });

    public Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string? incidentId = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<OutboxMessage> list = _outbox.Where(m => incidentId is null || m.IncidentId == incidentId).ToList();
            return Task.FromResult(list);
        }
    }

    private Task Replace(string messageId, Func<OutboxMessage, OutboxMessage> change)
    {
        lock (_gate)
        {
            var index = _outbox.FindIndex(m => m.Id == messageId);
            if (index < 0)
            {
                throw new StoreException($"No outbox message {messageId}.");
            }

            _outbox[index] = change(_outbox[index]);
            return Task.CompletedTask;
        }
    }
}
