namespace AgentOps.Infrastructure.GitHub;

/// <summary>The HTTP answer to a webhook delivery: status code and a one-line message.</summary>
public sealed record GitHubWebhookResult(int StatusCode, string Message);
