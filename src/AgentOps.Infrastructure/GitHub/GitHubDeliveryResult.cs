namespace AgentOps.Infrastructure.GitHub;

/// <summary>What one round of <see cref="GitHubSyncService.DeliverPendingAsync"/> did.</summary>
public sealed class GitHubDeliveryResult
{
    /// <summary>Message id → report of the sync that answered it (several queued syncs share one).</summary>
    public Dictionary<string, GitHubSyncReport> Reports { get; } = [];

    /// <summary>Message id → why it failed (it stays queued with backoff, or dead after the maximum attempts).</summary>
    public Dictionary<string, string> Errors { get; } = [];
}
