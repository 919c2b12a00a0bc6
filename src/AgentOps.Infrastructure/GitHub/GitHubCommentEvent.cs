namespace AgentOps.Infrastructure.GitHub;

/// <summary>A comment read from GitHub, by webhook or by polling.</summary>
/// <param name="IssueNumber">The issue it was posted on.</param>
/// <param name="IssueBody">The issue's body when known (webhooks carry it): its marker names the incident and track.</param>
/// <param name="CommentId">GitHub's comment id: the de-duplication key shared by webhook and poller.</param>
/// <param name="Author">The commenter's login.</param>
/// <param name="Body">The comment text.</param>
/// <param name="DeliveryId">The webhook's <c>X-GitHub-Delivery</c>, when it came by webhook.</param>
public sealed record GitHubCommentEvent(int IssueNumber, string? IssueBody, long CommentId, string Author, string Body, string? DeliveryId = null);
