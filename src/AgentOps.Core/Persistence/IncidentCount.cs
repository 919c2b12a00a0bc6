using AgentOps.Core.Model;

namespace AgentOps.Core.Persistence;

/// <summary>How many incidents are in one state with one priority.</summary>
public sealed record IncidentCount(IncidentState State, Priority Priority, long Count);
