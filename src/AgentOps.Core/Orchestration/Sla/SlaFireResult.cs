namespace AgentOps.Core.Orchestration.Sla;

/// <summary>What firing an SLA step did.</summary>
public enum SlaFireResult
{
    /// <summary>The step was done: timeline event, alert, and for breaches an escalation.</summary>
    Fired,

    /// <summary>The step was already on the timeline (a retried or recovered firing): nothing done twice.</summary>
    AlreadyDone,

    /// <summary>The step no longer applies: acknowledged, resolved, or the ladder is exhausted.</summary>
    NotNeeded,

    /// <summary>The incident does not exist (any more).</summary>
    IncidentGone,
}
