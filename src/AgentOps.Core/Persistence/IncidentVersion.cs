namespace AgentOps.Core.Persistence;

/// <summary>An incident id and its <see cref="Model.Incident.Version"/>: enough to tell whether it changed since it was read.</summary>
/// <param name="Id">The incident id, e.g. <c>INC-2026-0042</c>.</param>
/// <param name="Version">The version saved in the store (incremented by every save).</param>
public readonly record struct IncidentVersion(string Id, long Version);
