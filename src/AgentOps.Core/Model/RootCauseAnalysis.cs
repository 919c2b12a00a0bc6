namespace AgentOps.Core.Model;

/// <summary>The correlated outcome of all tracks: the root cause, contributing causes and the "5 whys" chain.</summary>
/// <param name="RootCause">One sentence naming the root cause.</param>
/// <param name="Category">Machine-readable tag of the root cause, e.g. <c>db.missing-index</c>, <c>cache.pool-exhausted</c>, <c>app.expired-api-key</c>.</param>
/// <param name="Confidence">From 0 to 1.</param>
public sealed record RootCauseAnalysis(string RootCause, string Category, double Confidence)
{
    /// <summary>Other causes that made it worse, most important first.</summary>
    public IReadOnlyList<string> ContributingCauses { get; init; } = [];

    /// <summary>The cause-to-effect chain, from the symptom down to the root cause, each step with its evidence.</summary>
    public IReadOnlyList<WhyStep> FiveWhys { get; init; } = [];

    /// <summary>Ids of the findings the analysis rests on, in time order.</summary>
    public IReadOnlyList<string> FindingIds { get; init; } = [];

    /// <summary>Proposed remediations; none runs without approval.</summary>
    public IReadOnlyList<Remediation> Remediations { get; init; } = [];

    /// <summary>When the first symptom or cause was observed (start of the incident as the evidence shows it).</summary>
    public DateTimeOffset? StartedAt { get; init; }
}

/// <summary>One "why" of the chain: the question, the answer and the evidence behind it.</summary>
public sealed record WhyStep(string Question, string Answer)
{
    public IReadOnlyList<Evidence> Evidence { get; init; } = [];
}

/// <summary>A proposed fix, e.g. <c>CREATE INDEX CONCURRENTLY ...</c>; run only after <c>agentops pm approve &lt;id&gt;</c>.</summary>
/// <param name="Id">Identifier used to approve it, e.g. <c>R-1</c>.</param>
/// <param name="Description">What it does and why.</param>
/// <param name="Action">The command or statement to run.</param>
/// <param name="Risk">low, medium or high.</param>
public sealed record Remediation(string Id, string Description, string Action, string Risk)
{
    public RemediationStatus Status { get; init; } = RemediationStatus.Proposed;

    public string? ApprovedBy { get; init; }

    public string? Outcome { get; init; }
}

/// <summary>Where a proposed remediation stands.</summary>
public enum RemediationStatus
{
    Proposed,
    Approved,
    Applied,
    Failed,
    Rejected,
}
