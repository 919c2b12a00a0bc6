namespace AgentOps.Core.Model;

/// <summary>The investigation brief (CCPM "PRD"): what is observed, what might explain it, when it is resolved.</summary>
/// <param name="Name">Slug, e.g. <c>auth-timeout-investigation</c>.</param>
/// <param name="Objective">One paragraph: what must be found and fixed.</param>
public sealed record InvestigationBrief(string Name, string Objective)
{
    public IReadOnlyList<string> Symptoms { get; init; } = [];

    public IReadOnlyList<string> Hypotheses { get; init; } = [];

    public IReadOnlyList<string> ResolutionCriteria { get; init; } = [];
}
