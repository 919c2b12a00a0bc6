namespace AgentOps.Infrastructure.Scheduling;

/// <summary>One declared target: <c>Escalation:Targets:{i}</c>.</summary>
public sealed class EscalationTargetOptions
{
    /// <summary>Unique name referenced from the levels and from <see cref="Next"/>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary><c>team</c>, <c>person</c> or <c>channel</c>.</summary>
    /// <value>Default <c>team</c>.</value>
    public string Kind { get; set; } = "team";

    /// <summary>Where alerts go (email, webhook URL, channel id), for the alert handler.</summary>
    public string? Address { get; set; }

    /// <summary>The target paged after this one once the policy's levels are exhausted; must not lead back to this one.</summary>
    public string? Next { get; set; }
}
