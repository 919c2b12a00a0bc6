namespace AgentOps.Core.Diagnostics.Context;

/// <summary>Something the incident names: a service, a host, a component or a triage impact.</summary>
/// <param name="Kind">One of <see cref="IncidentEntityKinds"/>.</param>
/// <param name="Name">The name as written, lower case (e.g. <c>payments-api</c>, <c>db-01.prod.local</c>, <c>redis</c>).</param>
/// <param name="Where">Where it was named (see <see cref="IncidentText.Where"/>), or <c>the triage</c> for an impact.</param>
public sealed record IncidentEntity(string Kind, string Name, string Where);
