using AgentOps.Core.Model;

namespace AgentOps.Core.Persistence;

/// <summary>What is written in the same transaction as an incident: side effects and bookkeeping.</summary>
public sealed class ChangeSet
{
    /// <summary>Side effects to deliver after commit.</summary>
    public List<OutboxMessage> Outbox { get; } = [];

    /// <summary>Message ids (Message-Id, delivery id) that now belong to the incident: replies thread on them, duplicates are ignored.</summary>
    public List<string> MessageIds { get; } = [];

    /// <summary>Checkpoints to move forward only if the incident commits (e.g. the IMAP UID just processed).</summary>
    public Dictionary<string, string> Checkpoints { get; } = [];
}
