using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// Every <see cref="GitHubOptions.PollInterval"/>: polls GitHub for comments and issue changes, and (unless
/// <see cref="GitHubOptions.DeliverOutboxInBackground"/> is off) delivers pending <c>github</c> outbox messages.
/// A failed round is logged and tried again at the next tick.
/// </summary>
public sealed class GitHubBackgroundService(
    GitHubPollService poller,
    GitHubSyncService sync,
    IOptions<GitHubOptions> options,
    TimeProvider time,
    ILogger<GitHubBackgroundService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.PollInterval <= TimeSpan.Zero)
        {
            logger.LogInformation("GitHub polling disabled (GitHub:PollInterval is zero)");
            return;
        }

        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            await RunOnceAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One round: poll, then deliver. Never throws except on cancellation.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await poller.PollOnceAsync(cancellationToken).ConfigureAwait(false);
            if (result.Handled > 0)
            {
                logger.LogInformation("GitHub poll handled {Count} command(s)", result.Handled);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "GitHub poll failed; retrying at the next tick");
        }

        if (!options.Value.DeliverOutboxInBackground)
        {
            return;
        }

        try
        {
            var delivered = await sync.DeliverPendingAsync(null, cancellationToken).ConfigureAwait(false);
            if (delivered.Errors.Count > 0)
            {
                logger.LogWarning("GitHub outbox: {Count} message(s) failed and stay queued", delivered.Errors.Count);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "GitHub outbox delivery failed; retrying at the next tick");
        }
    }
}
