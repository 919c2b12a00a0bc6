namespace AgentOps.Core.Persistence;

/// <summary>Thrown when an incident was changed by someone else since it was read: reload and retry.</summary>
public sealed class ConcurrencyException(string incidentId, long expectedVersion)
    : Exception($"Incident {incidentId} was changed by someone else (expected version {expectedVersion}); reload it and try again.")
{
    public string IncidentId { get; } = incidentId;

    public long ExpectedVersion { get; } = expectedVersion;
}
