namespace AgentOps.Infrastructure.GitHub;

/// <summary>What one poll found.</summary>
/// <param name="CommentsNotModified">The comments listing answered 304 (cost nothing).</param>
/// <param name="IssuesNotModified">The issues listing answered 304 (cost nothing).</param>
/// <param name="Handled">Comments and issue changes that led to an applied, refused or rejected command.</param>
public sealed record GitHubPollResult(bool CommentsNotModified, bool IssuesNotModified, int Handled);
