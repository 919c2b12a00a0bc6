namespace AgentOps.Host.Server.Api;

/// <summary>Body of <c>POST /api/v1/commands</c>.</summary>
/// <param name="Text">A command in the shared grammar, e.g. <c>/pm:issue-start 3</c>.</param>
/// <param name="Actor">Who asks (recorded on the timeline).</param>
public sealed record CommandRequest(string? Text, string? Actor);
