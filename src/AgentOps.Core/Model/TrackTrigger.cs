namespace AgentOps.Core.Model;

/// <summary>What can happen to an investigation track.</summary>
public enum TrackTrigger
{
    Start,
    Block,
    Unblock,
    Complete,
    Cancel,
    Reopen,
}
