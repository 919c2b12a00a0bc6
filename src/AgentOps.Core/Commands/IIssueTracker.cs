namespace AgentOps.Core.Commands;

/// <summary>The issue tracker an incident is mirrored to (GitHub): the CCPM verbs <c>epic-sync</c> and <c>issue-sync</c>.</summary>
public interface IIssueTracker
{
    /// <summary>Creates or updates the epic issue and one sub-issue per track; never duplicates.</summary>
    Task<CommandResult> EpicSyncAsync(string incidentId, CancellationToken cancellationToken = default);

    /// <summary>Posts or edits the progress comments of the tracks (one track when <paramref name="trackNumber"/> is given).</summary>
    Task<CommandResult> IssueSyncAsync(string incidentId, int? trackNumber, CancellationToken cancellationToken = default);
}
