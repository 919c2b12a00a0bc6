namespace AgentOps.Infrastructure.Scheduling;

/// <summary>The escalation policy of one priority: <c>Escalation:Policies:{P1..P4}</c>.</summary>
public sealed class EscalationPolicyOptions
{
    /// <summary>The levels, in order.</summary>
    public List<EscalationLevelOptions> Levels { get; set; } = [];
}
