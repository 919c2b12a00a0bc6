namespace AgentOps.Core.Model;

/// <summary>The outcome of urgency and intent classification, with the reasons a person can check.</summary>
public sealed record TriageResult(Priority Priority, string Intent, double Confidence)
{
    /// <summary>Human-readable reasons: which words and signals fired.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>Skills the incident is routed to (from <c>skills/</c> manifests).</summary>
    public IReadOnlyList<string> Skills { get; init; } = [];

    /// <summary>Impact categories detected (production-down, payments, revenue, security, data-loss, all-users).</summary>
    public IReadOnlyList<string> Impact { get; init; } = [];

    /// <summary>Which classifier produced it (rules, ml, llm, ensemble).</summary>
    public string Classifier { get; init; } = "rules";
}
