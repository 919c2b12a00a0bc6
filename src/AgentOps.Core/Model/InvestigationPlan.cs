namespace AgentOps.Core.Model;

/// <summary>The investigation plan (CCPM "epic"): components involved and the ordered steps.</summary>
public sealed record InvestigationPlan
{
    /// <summary>Components by track kind, e.g. Database → "PostgreSQL sessions table, connection pool".</summary>
    public IReadOnlyList<PlanComponent> Components { get; init; } = [];

    /// <summary>Ordered investigation steps.</summary>
    public IReadOnlyList<string> Steps { get; init; } = [];
}

/// <summary>One component of an investigation plan.</summary>
public sealed record PlanComponent(TrackKind Kind, string Description);
