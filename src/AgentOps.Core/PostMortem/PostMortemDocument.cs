namespace AgentOps.Core.PostMortem;

/// <summary>A generated post-mortem, its runbook and the data they were built from.</summary>
/// <param name="Markdown">The post-mortem.</param>
/// <param name="Runbook">The runbook draft.</param>
/// <param name="ActionItems">The action items listed in it.</param>
/// <param name="Impact">The measured impact figures cited in it.</param>
public sealed record PostMortemDocument(string Markdown, string Runbook, IReadOnlyList<ActionItem> ActionItems, IReadOnlyList<ImpactMetric> Impact);
