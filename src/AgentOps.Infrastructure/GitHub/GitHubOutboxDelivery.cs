using AgentOps.Core.Communication;
using AgentOps.Core.Model;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// Lets the shared <see cref="OutboxDispatcher"/> (leases, backoff, dead letters) deliver <c>github</c> outbox messages
/// through <see cref="GitHubOutboxHandler"/>, so one dispatcher handles every kind of side effect.
/// </summary>
public sealed class GitHubOutboxDelivery(GitHubOutboxHandler handler) : IOutboxHandler
{
    /// <inheritdoc />
    public string Kind => GitHubOutboxPayload.Kind;

    /// <inheritdoc />
    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        try
        {
            await handler.HandleAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (GitHubException ex) when (ex.StatusCode is 401 or 404 or 410 or 422)
        {
            throw new OutboxDeliveryException(ex.Message, permanent: true, ex);
        }
    }
}
