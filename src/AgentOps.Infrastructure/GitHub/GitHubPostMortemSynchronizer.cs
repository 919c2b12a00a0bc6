using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using Microsoft.Extensions.Logging;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// Keeps the incident's post-mortem (and its runbook) as one comment on its GitHub epic: created once, edited when the
/// post-mortem is regenerated, left alone when unchanged. The comment carries a marker
/// (<c>&lt;!-- agentops:postmortem incident=… --&gt;</c>), so a retried delivery never posts twice.
/// </summary>
public sealed class GitHubPostMortemSynchronizer(
    GitHubRepositoryClient client,
    GitHubEpicSynchronizer epics,
    IIncidentStore store,
    ILogger<GitHubPostMortemSynchronizer> logger)
{
    /// <summary>GitHub refuses comments above 65,536 characters; longer post-mortems are cut and point to the file.</summary>
    public const int MaxCommentLength = 65_000;

    /// <summary>The marker of the post-mortem comment of <paramref name="incidentId"/>.</summary>
    public static string Marker(string incidentId) => $"<!-- agentops:postmortem incident={incidentId} -->";

    /// <summary>Syncs the epic of <paramref name="incidentId"/> (creating it if needed) and posts or edits its post-mortem comment.</summary>
    /// <exception cref="GitHubException">No such incident, or GitHub failed (the outbox retries).</exception>
    public async Task<GitHubSyncReport> PublishAsync(string incidentId, CancellationToken cancellationToken)
    {
        var report = await epics.SyncAsync(incidentId, cancellationToken).ConfigureAwait(false);
        await EnsureCommentAsync(incidentId, report, cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>Posts or edits the post-mortem comment on the epic of <paramref name="report"/>, when the incident has a post-mortem.</summary>
    /// <exception cref="GitHubException">No such incident, or GitHub failed.</exception>
    public async Task EnsureCommentAsync(string incidentId, GitHubSyncReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var incident = await store.FindAsync(incidentId, cancellationToken).ConfigureAwait(false)
            ?? throw new GitHubException($"Incident {incidentId} does not exist.");
        if (incident.PostMortem is null || report.EpicIssueNumber is not { } epic)
        {
            return;
        }

        var body = Body(incident);
        var marker = Marker(incident.Id);
        var comments = await client.ListCommentsAsync(epic, cancellationToken).ConfigureAwait(false);
        var existing = comments.FirstOrDefault(c => c.Body?.Contains(marker, StringComparison.Ordinal) == true);
        if (existing is not null && existing.Body == body)
        {
            return;
        }

        if (existing is null || await client.UpdateCommentAsync(existing.Id, body, cancellationToken).ConfigureAwait(false) is null)
        {
            await client.CreateCommentAsync(epic, body, cancellationToken).ConfigureAwait(false);
        }

        report.CountComment();
        logger.LogInformation("Post-mortem of {IncidentId} {Action} on epic #{Issue}", incident.Id, existing is null ? "posted" : "updated", epic);
    }

    /// <summary>The comment: marker, post-mortem, runbook (folded), cut to <see cref="MaxCommentLength"/> characters.</summary>
    public static string Body(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var report = incident.PostMortem ?? throw new ArgumentException($"{incident.Id} has no post-mortem.", nameof(incident));
        var body = $"{Marker(incident.Id)}\n{report.Markdown.TrimEnd()}\n\n<details><summary>Runbook</summary>\n\n{report.Runbook.TrimEnd()}\n\n</details>\n";
        if (body.Length <= MaxCommentLength)
        {
            return body;
        }

        var note = $"\n\n_Cut at {MaxCommentLength:N0} characters for GitHub: the full post-mortem is docs/incidents/{incident.Id}.md and the runbook docs/incidents/{incident.Id}-runbook.md._\n";
        return body[..(MaxCommentLength - note.Length)] + note;
    }
}
