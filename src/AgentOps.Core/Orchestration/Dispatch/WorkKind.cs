namespace AgentOps.Core.Orchestration.Dispatch;

/// <summary>What a work item does; the dispatcher treats all kinds alike, the kind is for people and metrics.</summary>
public enum WorkKind
{
    Triage,
    TrackInvestigation,
    GitHubSync,
    Communication,
    PostMortem,
    Escalation,
    Planning,
    Correlation,
}
