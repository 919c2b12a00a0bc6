namespace AgentOps.Core.PostMortem;

/// <summary>The outcome of <c>agentops pm postmortem</c> or <c>agentops pm runbook</c>, as a value.</summary>
/// <param name="Succeeded">Whether it was generated.</param>
/// <param name="Message">What happened, for the user.</param>
public sealed record PostMortemResult(bool Succeeded, string Message)
{
    /// <summary>The post-mortem Markdown (also on <c>Incident.PostMortem</c>), for printing or posting to GitHub.</summary>
    public string Markdown { get; init; } = string.Empty;

    /// <summary>The runbook Markdown.</summary>
    public string Runbook { get; init; } = string.Empty;

    /// <summary>Where the post-mortem was written.</summary>
    public string? PostMortemPath { get; init; }

    /// <summary>Where the runbook was written.</summary>
    public string? RunbookPath { get; init; }

    /// <summary>The checklist score of the post-mortem.</summary>
    public PostMortemScore? Score { get; init; }
}
