using AgentOps.Core.Model;

namespace AgentOps.Core.Communication;

/// <summary>Told by <see cref="OutboxDispatcher"/> when a message was delivered or failed (e.g. to mark a communication sent).</summary>
public interface IOutboxDeliveryListener
{
    /// <summary>Called after <paramref name="message"/> was delivered and completed in the store.</summary>
    Task OnDeliveredAsync(OutboxMessage message, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Called after a failed attempt was recorded; <paramref name="dead"/> when no more attempts will be made.</summary>
    Task OnFailedAsync(OutboxMessage message, string error, int attempt, bool dead, DateTimeOffset at, CancellationToken cancellationToken = default);
}
