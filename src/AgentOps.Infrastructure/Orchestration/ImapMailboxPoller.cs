using AgentOps.Core.Intake;
using AgentOps.Core.Orchestration;
using AgentOps.Infrastructure.Mail;

namespace AgentOps.Infrastructure.Orchestration;

/// <summary>
/// The scheduler's mailbox poll (fallback to IMAP IDLE, <c>Scheduling:MailboxPollInterval</c>): one catch-up of the IMAP
/// folder through <see cref="ImapMailSource.PollOnceAsync"/>, which shares the watcher's checkpoint and takes turns with it,
/// so a message is taken in once. Wakes the pipeline (when there is one) after an incident was created or updated.
/// </summary>
public sealed class ImapMailboxPoller(ImapMailSource source, PipelineWorker? pipeline = null) : IMailboxPoller
{
    /// <inheritdoc />
    /// <exception cref="MailKit.Net.Imap.ImapProtocolException">The connection broke (the job is retried with backoff).</exception>
    /// <exception cref="IOException">The network failed.</exception>
    public async Task<int> PollAsync(CancellationToken cancellationToken)
    {
        var outcomes = await source.PollOnceAsync(cancellationToken).ConfigureAwait(false);
        var taken = outcomes.Count(o => o.Status is IntakeStatus.Created or IntakeStatus.Updated);
        if (taken > 0)
        {
            pipeline?.Wake();
        }

        return taken;
    }
}
