using AgentOps.Core.Commands;

namespace AgentOps.Host.Server.Chat;

/// <summary>A Slack command accepted and acknowledged, waiting to run and have its result POSTed to <see cref="ResponseUrl"/>.</summary>
/// <param name="Command">The parsed command.</param>
/// <param name="Actor">Who runs it.</param>
/// <param name="UserId">The Slack user id (for the mention in a channel reply).</param>
/// <param name="ResponseUrl">Where the result goes, already checked against <c>Chat:ResponseUrlHosts</c>.</param>
/// <param name="AcceptedAt">When the request was acknowledged.</param>
public sealed record SlackResponseJob(ParsedCommand Command, CommandActor Actor, string UserId, Uri ResponseUrl, DateTimeOffset AcceptedAt);
