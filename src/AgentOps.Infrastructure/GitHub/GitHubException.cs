namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// A GitHub call failed in a way the user must fix or wait for: bad credentials (401), a missing repository (404),
/// a rate limit that will not reset soon enough, or retries exhausted. The message is meant for the user.
/// </summary>
public sealed class GitHubException(string message, int? statusCode = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The HTTP status GitHub answered, when there was one.</summary>
    public int? StatusCode { get; } = statusCode;
}
