namespace AgentOps.Core.PostMortem;

/// <summary>A measured impact figure taken from a finding or its evidence.</summary>
/// <param name="Name">What it measures: <c>Affected users</c>, <c>Failed requests</c>, <c>Error rate</c>, <c>SLO</c>...</param>
/// <param name="Value">The figure as written in the evidence, e.g. <c>~12,000</c>, <c>8.5%</c>.</param>
/// <param name="FindingId">The finding it comes from.</param>
/// <param name="Source">The evidence source, or <c>finding</c> when it is the claim itself.</param>
/// <param name="ObservedAt">When it was observed.</param>
public sealed record ImpactMetric(string Name, string Value, string FindingId, string Source, DateTimeOffset ObservedAt);
