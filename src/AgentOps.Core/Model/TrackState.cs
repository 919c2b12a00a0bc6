namespace AgentOps.Core.Model;

/// <summary>Life cycle of an investigation track; see <c>docs/track-state-machine.md</c>.</summary>
public enum TrackState
{
    Open,
    InProgress,
    Blocked,
    Done,
    Cancelled,
}
