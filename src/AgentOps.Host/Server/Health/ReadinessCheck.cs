namespace AgentOps.Host.Server.Health;

/// <summary>The outcome of one readiness check.</summary>
/// <param name="Status"><c>ok</c>, <c>failed</c> or <c>not configured</c>.</param>
/// <param name="DurationMs">How long the check took.</param>
/// <param name="Detail">What was checked, or why it failed.</param>
public sealed record ReadinessCheck(string Status, double DurationMs, string Detail)
{
    /// <summary>Whether the check does not prevent readiness.</summary>
    public bool Healthy => Status != "failed";
}
