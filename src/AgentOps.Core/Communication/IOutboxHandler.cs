using AgentOps.Core.Model;

namespace AgentOps.Core.Communication;

/// <summary>Delivers outbox messages of one <see cref="Kind"/> (<c>email</c>, <c>webhook</c>, <c>github</c>...).</summary>
public interface IOutboxHandler
{
    /// <summary>The <see cref="OutboxMessage.Kind"/> this handler delivers.</summary>
    string Kind { get; }

    /// <summary>Delivers <paramref name="message"/>. Must be idempotent on <see cref="OutboxMessage.Id"/>: a message may be delivered again after a crash.</summary>
    /// <exception cref="OutboxDeliveryException">Delivery failed; <see cref="OutboxDeliveryException.Permanent"/> says whether retrying can help.</exception>
    /// <remarks>Any other exception is treated as a transient failure and retried.</remarks>
    Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken = default);
}
