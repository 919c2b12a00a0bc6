namespace AgentOps.Core.PostMortem;

/// <summary>One required section of a post-mortem or runbook and whether it is present and backed by the incident's data.</summary>
/// <param name="Name">The requirement, e.g. <c>Timeline</c>, <c>Runbook: escalation path</c>.</param>
/// <param name="Present">The section exists.</param>
/// <param name="BackedByData">Its content rests on incident data (events, findings, whys, owners and dates).</param>
/// <param name="Detail">Why it passes or fails.</param>
public sealed record ScoredSection(string Name, bool Present, bool BackedByData, string Detail)
{
    /// <summary>Present and backed by data.</summary>
    public bool Passed => Present && BackedByData;
}
