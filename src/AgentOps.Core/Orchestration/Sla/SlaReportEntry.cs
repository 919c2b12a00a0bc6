using AgentOps.Core.Model;

namespace AgentOps.Core.Orchestration.Sla;

/// <summary>Deadlines of one open incident at a given time.</summary>
public sealed record SlaReportEntry(
    string IncidentId,
    string Title,
    Priority Priority,
    IncidentState State,
    int EscalationLevel,
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset ResolveBy,
    DateTimeOffset Now)
{
    /// <summary>Time left to acknowledge (negative: overdue), or null once acknowledged.</summary>
    public TimeSpan? AcknowledgeLeft => AcknowledgedAt is null ? AcknowledgeBy - Now : null;

    /// <summary>Time left to resolve (negative: overdue).</summary>
    public TimeSpan ResolveLeft => ResolveBy - Now;

    /// <summary>Not acknowledged and past the acknowledgement deadline.</summary>
    public bool AcknowledgeBreached => AcknowledgeLeft < TimeSpan.Zero;

    /// <summary>Past the resolution deadline.</summary>
    public bool ResolveBreached => ResolveLeft < TimeSpan.Zero;

    /// <summary>Either deadline breached.</summary>
    public bool Breached => AcknowledgeBreached || ResolveBreached;

    /// <summary>The nearest deadline still to meet, for sorting most urgent first.</summary>
    public TimeSpan Urgency => AcknowledgeLeft is { } ack && ack < ResolveLeft ? ack : ResolveLeft;
}
