namespace AgentOps.Core.Model;

/// <summary>When an incident must be acknowledged and resolved.</summary>
public sealed record SlaDeadlines(DateTimeOffset AcknowledgeBy, DateTimeOffset ResolveBy)
{
    /// <summary>The resolution target as a duration from the start, e.g. 4 h for a P1 of an enterprise customer.</summary>
    public TimeSpan ResolutionTarget { get; init; }
}
