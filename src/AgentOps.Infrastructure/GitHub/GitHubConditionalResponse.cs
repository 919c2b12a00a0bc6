using System.Text.Json;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>The answer to a conditional GET: either unchanged (304, free against the rate limit) or a new body and ETag.</summary>
/// <param name="NotModified">GitHub answered 304 to <c>If-None-Match</c>.</param>
/// <param name="ETag">The ETag to send next time (the same one when not modified).</param>
/// <param name="Body">The JSON body, or <see langword="null"/> when not modified.</param>
public sealed record GitHubConditionalResponse(bool NotModified, string? ETag, JsonElement? Body);
