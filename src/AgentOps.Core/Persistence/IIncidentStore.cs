using AgentOps.Core.Model;

namespace AgentOps.Core.Persistence;

/// <summary>
/// Durable storage of incidents, their append-only timelines and the transactional outbox.
/// Implemented for SQLite (embedded default) and PostgreSQL; both pass the same contract tests.
/// </summary>
public interface IIncidentStore
{
    /// <summary>Allocates the next incident id for the year of <paramref name="now"/>, e.g. <c>INC-2026-0042</c>. Never returns the same id twice.</summary>
    Task<string> NextIncidentIdAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Loads an incident with its tracks, communications and full timeline.</summary>
    /// <returns>The incident, or <see langword="null"/> when there is none with that id.</returns>
    Task<Incident?> FindAsync(string incidentId, CancellationToken cancellationToken = default);

    /// <summary>Lists incidents matching <paramref name="query"/>, most urgent first (priority, then creation time).</summary>
    Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves the incident and, in the same transaction, its new timeline events and everything in <paramref name="changes"/>
    /// (outbox messages, message ids, checkpoints). On success <see cref="Incident.Version"/> is incremented.
    /// </summary>
    /// <exception cref="ConcurrencyException">Someone else saved the incident since it was read; nothing was written.</exception>
    Task SaveAsync(Incident incident, ChangeSet? changes = null, CancellationToken cancellationToken = default);

    /// <summary>Finds the incident that a message id (an inbound email, an outbound reply, a webhook delivery) belongs to.</summary>
    Task<string?> FindIncidentByMessageIdAsync(string messageId, CancellationToken cancellationToken = default);

    /// <summary>Reads a checkpoint (IMAP UIDVALIDITY/UID, GitHub ETag...), or <see langword="null"/>.</summary>
    Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes a checkpoint outside of an incident save.</summary>
    Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="max"/> pending outbox messages due at <paramref name="now"/> for <paramref name="lease"/>,
    /// so that another dispatcher (or node) does not deliver them at the same time. A lease that expires (crash) makes them due again.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(string owner, int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Marks a claimed message delivered.</summary>
    Task CompleteOutboxAsync(string messageId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Records a failed delivery; the message is retried at <paramref name="nextAttemptAt"/>, or kept as dead when <paramref name="dead"/>.</summary>
    Task FailOutboxAsync(string messageId, string error, DateTimeOffset nextAttemptAt, bool dead, CancellationToken cancellationToken = default);

    /// <summary>Lists outbox messages, optionally of one incident, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string? incidentId = null, CancellationToken cancellationToken = default);
}
