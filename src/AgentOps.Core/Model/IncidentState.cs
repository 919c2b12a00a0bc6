namespace AgentOps.Core.Model;

/// <summary>Life cycle of an incident; see <c>docs/incident-state-machine.md</c>.</summary>
public enum IncidentState
{
    New,
    Triaged,
    Investigating,
    Mitigating,
    Resolved,
    PostMortem,
    Closed,
}
