namespace AgentOps.Core.Orchestration;

/// <summary>
/// Hook for the GitHub adapter: one synchronization pass (epics, track issues, comments). The scheduler calls it
/// periodically; implementations must be idempotent.
/// </summary>
public interface IGitHubSynchronizer
{
    /// <summary>Runs one synchronization pass.</summary>
    /// <returns>How many incidents were updated.</returns>
    Task<int> SyncAsync(CancellationToken cancellationToken);
}
