using AgentOps.Core.Commands;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>The <c>epic-sync</c> and <c>issue-sync</c> verbs on GitHub, through <see cref="GitHubSyncService"/>.</summary>
public sealed class GitHubIssueTracker(GitHubSyncService sync) : IIssueTracker
{
    /// <inheritdoc />
    public Task<CommandResult> EpicSyncAsync(string incidentId, CancellationToken cancellationToken = default) =>
        RunAsync(() => sync.EpicSyncAsync(incidentId, cancellationToken));

    /// <inheritdoc />
    public Task<CommandResult> IssueSyncAsync(string incidentId, int? trackNumber, CancellationToken cancellationToken = default) =>
        RunAsync(() => sync.IssueSyncAsync(incidentId, trackNumber, cancellationToken));

    private static async Task<CommandResult> RunAsync(Func<Task<GitHubSyncReport>> action)
    {
        try
        {
            var report = await action().ConfigureAwait(false);
            return CommandResult.Ok(report.ToString(), new
            {
                incident = report.IncidentId,
                epic_issue = report.EpicIssueNumber,
                track_issues = report.TrackIssueNumbers,
                created = report.Created,
                updated = report.Updated,
                linked = report.Linked,
                comments = report.CommentsWritten,
                notes = report.Notes,
            });
        }
        catch (GitHubException ex)
        {
            return CommandResult.Failure(ex.Message);
        }
    }
}
