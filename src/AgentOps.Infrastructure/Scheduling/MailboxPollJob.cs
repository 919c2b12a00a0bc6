using AgentOps.Core.Orchestration;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AgentOps.Infrastructure.Scheduling;

/// <summary>Periodic fallback to IMAP IDLE: one poll through the registered <see cref="IMailboxPoller"/>. Scheduled only when one is registered.</summary>
[DisallowConcurrentExecution]
public sealed partial class MailboxPollJob(IMailboxPoller poller, ILogger<MailboxPollJob> logger) : IJob
{
    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var taken = await poller.PollAsync(cancellationToken).ConfigureAwait(false);
        LogPolled(taken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mailbox poll: {Taken} new messages")]
    private partial void LogPolled(int taken);
}
