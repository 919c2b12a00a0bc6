namespace AgentOps.Core.Orchestration.Dispatch;

/// <summary>Where a dispatched work item stands.</summary>
public enum WorkItemState
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
