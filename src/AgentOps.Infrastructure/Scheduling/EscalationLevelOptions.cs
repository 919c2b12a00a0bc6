namespace AgentOps.Infrastructure.Scheduling;

/// <summary>One level of a policy: <c>Escalation:Policies:{P}:Levels:{j}</c>.</summary>
public sealed class EscalationLevelOptions
{
    /// <summary>Level number, from 1, increasing along the list.</summary>
    public int Level { get; set; }

    /// <summary>Names of declared targets paged at this level.</summary>
    public List<string> Targets { get; set; } = [];

    /// <summary>How long this level has to acknowledge before it is paged again or the next level is paged. Must be positive.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>How many more times the level is paged before moving on.</summary>
    /// <value>Default 0.</value>
    public int Repeat { get; set; }
}
