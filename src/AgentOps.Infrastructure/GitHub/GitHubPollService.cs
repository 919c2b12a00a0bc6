using System.Globalization;
using System.Text.Json;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// The polling fallback for when webhooks cannot reach AgentOps: reads the repository's comments and <c>incident</c>
/// issues updated since the last poll, with conditional requests (the ETag is kept as a checkpoint), so an unchanged
/// repository answers 304 and costs nothing against the rate limit. Comments go through the same
/// <see cref="GitHubCommandService"/> as webhooks, de-duplicated by comment id.
/// </summary>
public sealed class GitHubPollService(
    GitHubRepositoryClient client,
    GitHubCommandService commands,
    IIncidentStore store,
    IOptions<GitHubOptions> options,
    TimeProvider time,
    ILogger<GitHubPollService> logger)
{
    private const string CommentsSinceKey = "github:poll:comments:since";
    private const string CommentsETagKey = "github:poll:comments:etag";
    private const string IssuesSinceKey = "github:poll:issues:since";
    private const string IssuesETagKey = "github:poll:issues:etag";

    /// <summary>Polls once. The first poll only records the starting point: nothing older is replayed.</summary>
    /// <exception cref="GitHubException">GitHub refused or failed.</exception>
    public async Task<GitHubPollResult> PollOnceAsync(CancellationToken cancellationToken = default)
    {
        var repo = $"repos/{Uri.EscapeDataString(options.Value.Owner)}/{Uri.EscapeDataString(options.Value.Repo)}";
        var handled = 0;
        var (commentsNotModified, comments) = await ListSinceAsync($"{repo}/issues/comments?sort=updated&direction=asc&per_page=100", CommentsSinceKey, CommentsETagKey, cancellationToken).ConfigureAwait(false);
        foreach (var comment in comments)
        {
            var issueUrl = comment.GetProperty("issue_url").GetString() ?? string.Empty;
            if (!int.TryParse(issueUrl[(issueUrl.LastIndexOf('/') + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                continue;
            }

            var outcome = await commands.HandleCommentAsync(
                new GitHubCommentEvent(
                    number,
                    null,
                    comment.GetProperty("id").GetInt64(),
                    comment.GetProperty("user").GetProperty("login").GetString() ?? "ghost",
                    comment.TryGetProperty("body", out var body) ? body.GetString() ?? string.Empty : string.Empty),
                cancellationToken).ConfigureAwait(false);
            handled += outcome is GitHubCommandOutcome.Ignored or GitHubCommandOutcome.Duplicate ? 0 : 1;
        }

        var (issuesNotModified, issues) = await ListSinceAsync($"{repo}/issues?labels={GitHubLabelCatalog.Incident}&state=all&sort=updated&direction=asc&per_page=100", IssuesSinceKey, IssuesETagKey, cancellationToken).ConfigureAwait(false);
        foreach (var issue in issues.Where(i => !i.TryGetProperty("pull_request", out var pr) || pr.ValueKind == JsonValueKind.Null))
        {
            if (await IssueChangeAsync(issue, cancellationToken).ConfigureAwait(false) is { } change)
            {
                var outcome = await commands.HandleIssueEventAsync(change, cancellationToken).ConfigureAwait(false);
                handled += outcome is GitHubCommandOutcome.Ignored or GitHubCommandOutcome.Duplicate ? 0 : 1;
            }
        }

        return new GitHubPollResult(commentsNotModified, issuesNotModified, handled);
    }

    /// <summary>
    /// An issue whose open/closed state differs from its track or incident, and changed on GitHub after the last local
    /// transition (otherwise the next epic-sync pushes the local state instead).
    /// </summary>
    private async Task<GitHubIssueEvent?> IssueChangeAsync(JsonElement issue, CancellationToken cancellationToken)
    {
        var body = issue.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
        var marker = GitHubMarker.Parse(body);
        if (marker is null || await store.FindAsync(marker.IncidentId, cancellationToken).ConfigureAwait(false) is not { } incident)
        {
            return null;
        }

        var closedOnGitHub = issue.GetProperty("state").GetString() == "closed";
        bool finishedHere;
        if (marker.Track is { } number)
        {
            if (incident.FindTrack(number) is not { } track)
            {
                return null;
            }

            finishedHere = track.State is TrackState.Done or TrackState.Cancelled;
        }
        else
        {
            finishedHere = incident.State is IncidentState.Resolved or IncidentState.PostMortem or IncidentState.Closed;
        }

        if (closedOnGitHub == finishedHere)
        {
            return null;
        }

        var changedAt = closedOnGitHub && issue.TryGetProperty("closed_at", out var c) && c.ValueKind == JsonValueKind.String
            ? c.GetDateTimeOffset()
            : issue.GetProperty("updated_at").GetDateTimeOffset();
        if (GitHubEpicSynchronizer.LastTransition(incident, marker.Track) is { } local && local >= changedAt)
        {
            return null;
        }

        var reason = issue.TryGetProperty("state_reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var numberOnGitHub = issue.GetProperty("number").GetInt32();
        return new GitHubIssueEvent(
            closedOnGitHub ? "closed" : "reopened",
            numberOnGitHub,
            body,
            reason,
            "github",
            $"poll:{numberOnGitHub.ToString(CultureInfo.InvariantCulture)}:{(closedOnGitHub ? "closed" : "open")}:{changedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}");
    }

    private async Task<(bool NotModified, IReadOnlyList<JsonElement> Items)> ListSinceAsync(string baseUrl, string sinceKey, string etagKey, CancellationToken cancellationToken)
    {
        var since = await store.GetCheckpointAsync(sinceKey, cancellationToken).ConfigureAwait(false);
        if (since is null)
        {
            await store.SetCheckpointAsync(sinceKey, time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            return (false, []);
        }

        var url = $"{baseUrl}&since={Uri.EscapeDataString(since)}";
        var stored = await store.GetCheckpointAsync(etagKey, cancellationToken).ConfigureAwait(false);
        var etag = stored is not null && stored.StartsWith(url + "\n", StringComparison.Ordinal) ? stored[(url.Length + 1)..] : null;
        var response = await client.GetConditionalAsync(url, etag, cancellationToken).ConfigureAwait(false);
        if (response.NotModified)
        {
            return (true, []);
        }

        var items = response.Body is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().ToList() : [];
        var newest = items.Select(i => i.GetProperty("updated_at").GetDateTimeOffset()).DefaultIfEmpty().Max();
        var newSince = items.Count == 0 ? since : newest.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        if (newSince != since)
        {
            await store.SetCheckpointAsync(sinceKey, newSince, cancellationToken).ConfigureAwait(false);
        }

        if (response.ETag is not null)
        {
            // The ETag is tied to the exact URL: once "since" moves, the next poll's first answer is a 200 that brings the new ETag.
            var nextUrl = $"{baseUrl}&since={Uri.EscapeDataString(newSince)}";
            await store.SetCheckpointAsync(etagKey, newSince == since ? $"{url}\n{response.ETag}" : $"{nextUrl}\n", cancellationToken).ConfigureAwait(false);
        }

        logger.LogDebug("GitHub poll {Url}: {Count} item(s)", url, items.Count);
        return (false, items);
    }
}
