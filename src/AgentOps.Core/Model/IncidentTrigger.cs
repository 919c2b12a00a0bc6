namespace AgentOps.Core.Model;

/// <summary>What can happen to an incident.</summary>
public enum IncidentTrigger
{
    Triage,
    Investigate,
    Mitigate,
    Resolve,
    ForceResolve,
    StartPostMortem,
    Close,
    CloseWithoutPostMortem,
    Escalate,
    Acknowledge,
    Reopen,
}
