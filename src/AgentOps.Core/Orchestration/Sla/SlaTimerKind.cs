namespace AgentOps.Core.Orchestration.Sla;

/// <summary>What an SLA timer does when it fires.</summary>
public enum SlaTimerKind
{
    /// <summary>The acknowledgement deadline is near: remind the first level.</summary>
    AcknowledgeReminder,

    /// <summary>The acknowledgement deadline is breached and nobody acknowledged: page the next step of the ladder.</summary>
    Page,

    /// <summary>The resolution deadline is near.</summary>
    ResolveReminder,

    /// <summary>The resolution deadline is breached: escalate once.</summary>
    ResolveBreach,
}
