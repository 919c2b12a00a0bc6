using Microsoft.Extensions.Hosting;

namespace AgentOps.Infrastructure.Mail;

/// <summary>Runs the <see cref="ImapMailSource"/> inside the host (<c>agentops serve</c>) when <c>Mail:Imap:Enabled</c> is true.</summary>
public sealed class ImapIntakeWorker(ImapMailSource source) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => source.RunAsync(null, stoppingToken);
}
