using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration;
using AgentOps.Core.Persistence;
using Microsoft.Extensions.Logging;
using Octokit;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// Posts the structured progress comment of each track (issue-sync). While a track stays in the same state its
/// comment is edited in place; a new comment is posted only when the state changes, so progress makes no noise.
/// The last comment written is remembered as a checkpoint (id, state, hash): an unchanged track costs no call at all.
/// </summary>
public sealed class GitHubProgressSynchronizer(GitHubRepositoryClient client, IIncidentStore store, ILogger<GitHubProgressSynchronizer> logger)
{
    /// <summary>Writes the progress comments of <paramref name="incidentId"/>'s synced tracks (only <paramref name="trackNumber"/> when given).</summary>
    /// <exception cref="GitHubException">GitHub refused or failed; the caller retries later.</exception>
    public async Task SyncAsync(string incidentId, int? trackNumber, GitHubSyncReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var incident = await store.FindAsync(incidentId, cancellationToken).ConfigureAwait(false)
            ?? throw new GitHubException($"Incident {incidentId} does not exist.");
        foreach (var track in incident.Tracks.Where(t => trackNumber is null || t.Number == trackNumber).OrderBy(t => t.Number))
        {
            if (track.GitHubIssueNumber is not { } issue
                || (track.Findings.Count == 0 && track.State is not (TrackState.Done or TrackState.Blocked or TrackState.Cancelled)))
            {
                continue;
            }

            await SyncTrackAsync(incident, track, issue, report, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SyncTrackAsync(Incident incident, Track track, int issue, GitHubSyncReport report, CancellationToken cancellationToken)
    {
        var body = GitHubBodyRenderer.ProgressComment(incident, track);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        var state = CommandWords.ToKebab(track.State.ToString());
        var key = $"github:progress:{incident.Id}:{track.Number.ToString(CultureInfo.InvariantCulture)}";
        var checkpoint = Checkpoint.Parse(await store.GetCheckpointAsync(key, cancellationToken).ConfigureAwait(false));
        if (checkpoint is not null && checkpoint.Hash == hash)
        {
            return;
        }

        long? commentId = null;
        if (checkpoint is not null && checkpoint.State == state)
        {
            var edited = await client.UpdateCommentAsync(checkpoint.CommentId, body, cancellationToken).ConfigureAwait(false);
            commentId = edited?.Id;
        }

        if (commentId is null)
        {
            // Before posting, look for a comment of this state (a crash after posting and before the checkpoint).
            var comments = await client.ListCommentsAsync(issue, cancellationToken).ConfigureAwait(false);
            var previous = comments.LastOrDefault(c => GitHubMarker.ParseProgress(c.Body) is { } m && m.IncidentId == incident.Id && m.Track == track.Number);
            var previousState = previous is null ? null : GitHubMarker.ParseProgress(previous.Body)!.Value.State;
            if (previous is not null && previousState == state)
            {
                if (!string.Equals(previous.Body?.Replace("\r\n", "\n", StringComparison.Ordinal), body, StringComparison.Ordinal))
                {
                    await client.UpdateCommentAsync(previous.Id, body, cancellationToken).ConfigureAwait(false);
                }

                commentId = previous.Id;
            }
            else
            {
                IssueComment posted = await client.CreateCommentAsync(issue, body, cancellationToken).ConfigureAwait(false);
                commentId = posted.Id;
            }
        }

        report.CountComment();
        logger.LogDebug("Progress of {IncidentId} track {Track} written to comment {CommentId}", incident.Id, track.Number, commentId);
        await store.SetCheckpointAsync(key, new Checkpoint(commentId.Value, state, hash).ToString(), cancellationToken).ConfigureAwait(false);
    }

    private sealed record Checkpoint(long CommentId, string State, string Hash)
    {
        public static Checkpoint? Parse(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            try
            {
                return JsonSerializer.Deserialize<Checkpoint>(value);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        public override string ToString() => JsonSerializer.Serialize(this);
    }
}
