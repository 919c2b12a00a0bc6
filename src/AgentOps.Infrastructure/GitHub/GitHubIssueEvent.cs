namespace AgentOps.Infrastructure.GitHub;

/// <summary>A change to an issue read from GitHub: <c>closed</c>, <c>reopened</c>, <c>edited</c> or <c>deleted</c>.</summary>
/// <param name="Action">What happened.</param>
/// <param name="IssueNumber">The issue.</param>
/// <param name="IssueBody">The issue's body (its marker names the incident and track).</param>
/// <param name="StateReason"><c>completed</c>, <c>not_planned</c> or <c>reopened</c>, when GitHub gives it.</param>
/// <param name="Actor">Who did it (<c>sender.login</c>), or <c>github</c> when unknown (polling).</param>
/// <param name="DedupKey">The de-duplication key: <c>delivery:&lt;X-GitHub-Delivery&gt;</c>, or a key built from the issue state when polling.</param>
public sealed record GitHubIssueEvent(string Action, int IssueNumber, string? IssueBody, string? StateReason, string Actor, string DedupKey);
