namespace AgentOps.Core.Model;

/// <summary>
/// A side effect (email, GitHub call, alert) recorded in the same transaction as the incident change that
/// caused it, and delivered afterwards by a dispatcher: a crash neither loses it nor sends it twice.
/// </summary>
/// <param name="Id">Unique id; also the idempotency key given to the receiving side when it supports one.</param>
/// <param name="IncidentId">The incident it belongs to.</param>
/// <param name="Kind">Which handler delivers it: <c>email</c>, <c>github</c>, <c>webhook</c>...</param>
/// <param name="Payload">Handler-specific JSON.</param>
/// <param name="CreatedAt">When it was recorded.</param>
public sealed record OutboxMessage(string Id, string IncidentId, string Kind, string Payload, DateTimeOffset CreatedAt)
{
    public OutboxStatus Status { get; init; } = OutboxStatus.Pending;

    public int Attempts { get; init; }

    public string? LastError { get; init; }

    /// <summary>Earliest time of the next delivery attempt.</summary>
    public DateTimeOffset NextAttemptAt { get; init; }
}

/// <summary>Where an outbox message stands.</summary>
public enum OutboxStatus
{
    Pending,
    Delivered,
    /// <summary>Gave up after the maximum attempts; kept and shown in <c>status</c>, never deleted.</summary>
    Dead,
}
