using AgentOps.Core.Model;

namespace AgentOps.Core.PostMortem;

/// <summary>
/// Publishes a generated post-mortem outside AgentOps (e.g. a comment on the incident's GitHub epic) through the outbox:
/// the messages it returns are saved in the same transaction as the post-mortem, then delivered and retried by the outbox.
/// </summary>
public interface IPostMortemPublisher
{
    /// <summary>The outbox messages that publish <paramref name="report"/>, the post-mortem of <paramref name="incident"/>; empty when publishing is off.</summary>
    IReadOnlyList<OutboxMessage> Publish(Incident incident, PostMortemReport report, DateTimeOffset now);
}
