namespace AgentOps.Infrastructure.GitHub;

/// <summary>A label AgentOps provisions: name, colour (hex without <c>#</c>) and description.</summary>
public sealed record GitHubLabel(string Name, string Color, string Description);
