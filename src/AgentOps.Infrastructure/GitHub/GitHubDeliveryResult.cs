namespace AgentOps.Infrastructure.GitHub;

/// <summary>What one round of <see cref="GitHubSyncService.DeliverPendingAsync"/> did.</summary>
public sealed class GitHubDeliveryResult
{
    /// <summary>Message id → report of the sync it ran.</summary>
    public Dictionary<string, GitHubSyncReport> Reports { get; } = [];

    /// <summary>Message id → why it failed (it stays queued with backoff, or dead after the maximum attempts).</summary>
    public Dictionary<string, string> Errors { get; } = [];

    /// <summary>Messages answered by another sync of the same round.</summary>
    public List<string> Coalesced { get; } = [];
}
