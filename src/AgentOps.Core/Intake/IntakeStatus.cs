namespace AgentOps.Core.Intake;

/// <summary>What the intake pipeline did with one email.</summary>
public enum IntakeStatus
{
    /// <summary>A new incident was opened and triaged.</summary>
    Created,

    /// <summary>The email joined an existing incident (a reply, or a similar mail of a burst).</summary>
    Updated,

    /// <summary>The same Message-Id was already processed; nothing changed.</summary>
    Duplicate,

    /// <summary>The email could not be processed; the source keeps it in quarantine with the reason.</summary>
    Quarantined,
}
