using AgentOps.Core.Model;

namespace AgentOps.Core.Orchestration.Pipeline;

/// <summary>The outcome of renewing a claim.</summary>
/// <param name="Held">Whether the claim is still this node's (false: its lease ran out and another node took it).</param>
/// <param name="State">The incident's state now, or null when there is no such incident.</param>
public sealed record ClaimRenewal(bool Held, IncidentState? State);
