namespace AgentOps.Core.Communication;

/// <summary>What one dispatcher pass did.</summary>
/// <param name="Claimed">Messages claimed.</param>
/// <param name="Delivered">Delivered and completed.</param>
/// <param name="Retrying">Failed and scheduled again.</param>
/// <param name="Dead">Failed for the last time (kept as dead).</param>
public sealed record OutboxDispatchReport(int Claimed, int Delivered, int Retrying, int Dead);
