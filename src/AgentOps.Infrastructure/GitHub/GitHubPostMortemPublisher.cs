using AgentOps.Core.Model;
using AgentOps.Core.PostMortem;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// Queues the publication of a post-mortem on the incident's GitHub epic (outbox kind <c>github</c>, operation
/// <c>postmortem</c>). Registered only when GitHub sync is configured; <see cref="GitHubPostMortemSynchronizer"/> delivers it.
/// </summary>
public sealed class GitHubPostMortemPublisher : IPostMortemPublisher
{
    /// <inheritdoc />
    public IReadOnlyList<OutboxMessage> Publish(Incident incident, PostMortemReport report, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return [GitHubSyncService.NewMessage(incident.Id, GitHubOutboxPayload.PostMortem(), now)];
    }
}
