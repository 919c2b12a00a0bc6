namespace AgentOps.Core.Orchestration;

/// <summary>
/// Hook for the mail intake: one poll of the mailbox. The scheduler calls it periodically as a fallback to IMAP IDLE;
/// implementations must be idempotent (a message seen twice is ignored) because a retried poll may re-read messages.
/// </summary>
public interface IMailboxPoller
{
    /// <summary>Reads new messages once.</summary>
    /// <returns>How many new messages were taken in.</returns>
    Task<int> PollAsync(CancellationToken cancellationToken);
}
