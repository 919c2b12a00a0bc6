namespace AgentOps.Core.Model;

/// <summary>A generated blameless post-mortem and its runbook.</summary>
/// <param name="Markdown">The post-mortem document.</param>
/// <param name="Runbook">The runbook draft.</param>
/// <param name="GeneratedAt">When it was generated.</param>
public sealed record PostMortemReport(string Markdown, string Runbook, DateTimeOffset GeneratedAt);
