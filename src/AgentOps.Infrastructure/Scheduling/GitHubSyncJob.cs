using AgentOps.Core.Orchestration;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AgentOps.Infrastructure.Scheduling;

/// <summary>Periodic GitHub synchronization through the registered <see cref="IGitHubSynchronizer"/>. Scheduled only when one is registered.</summary>
[DisallowConcurrentExecution]
public sealed partial class GitHubSyncJob(IGitHubSynchronizer synchronizer, ILogger<GitHubSyncJob> logger) : IJob
{
    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var updated = await synchronizer.SyncAsync(cancellationToken).ConfigureAwait(false);
        LogSynced(updated);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "GitHub sync: {Updated} incidents updated")]
    private partial void LogSynced(int updated);
}
