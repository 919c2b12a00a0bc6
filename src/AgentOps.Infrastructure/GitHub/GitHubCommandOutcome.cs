namespace AgentOps.Infrastructure.GitHub;

/// <summary>What became of a comment or issue event read from GitHub.</summary>
public enum GitHubCommandOutcome
{
    /// <summary>No command in it, written by AgentOps itself, or not about an AgentOps issue.</summary>
    Ignored,

    /// <summary>Already handled (same delivery or comment id).</summary>
    Duplicate,

    /// <summary>Applied; a confirmation reply is queued.</summary>
    Applied,

    /// <summary>Refused: the author may not command. A polite reply is queued; nothing changed.</summary>
    Refused,

    /// <summary>Rejected: malformed, not allowed in the current state, or the incident is closed. A reply says why; nothing changed.</summary>
    Rejected,
}
