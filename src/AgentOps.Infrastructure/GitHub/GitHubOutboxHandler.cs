using AgentOps.Core.Model;
using Microsoft.Extensions.Logging;
using Octokit;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// Delivers one outbox message of kind <c>github</c> (see <see cref="GitHubOutboxPayload"/>). Every operation is
/// idempotent, so a message delivered twice (a crash after GitHub answered, a lease that expired) changes nothing more.
/// Throws on failure: the dispatcher records it and retries later.
/// </summary>
public sealed class GitHubOutboxHandler(
    GitHubEpicSynchronizer epics,
    GitHubProgressSynchronizer progress,
    GitHubPostMortemSynchronizer postMortems,
    GitHubRepositoryClient client,
    ILogger<GitHubOutboxHandler> logger)
{
    /// <summary>The outbox kind handled: <c>github</c>.</summary>
    public string Kind => GitHubOutboxPayload.Kind;

    /// <summary>Delivers <paramref name="message"/>.</summary>
    /// <returns>The report of the sync (empty for comments and assignments).</returns>
    /// <exception cref="GitHubException">GitHub refused or failed.</exception>
    /// <exception cref="System.Text.Json.JsonException">The payload is not a GitHub payload.</exception>
    public async Task<GitHubSyncReport> HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var payload = GitHubOutboxPayload.Parse(message.Payload);
        switch (payload.Op)
        {
            case "epic-sync":
                var synced = await epics.SyncAsync(message.IncidentId, cancellationToken).ConfigureAwait(false);
                // A post-mortem generated before the sync (or the incident's close) reaches GitHub with it.
                await postMortems.EnsureCommentAsync(message.IncidentId, synced, cancellationToken).ConfigureAwait(false);
                return synced;
            case "issue-sync":
                var report = await epics.SyncAsync(message.IncidentId, cancellationToken).ConfigureAwait(false);
                await progress.SyncAsync(message.IncidentId, payload.Track, report, cancellationToken).ConfigureAwait(false);
                return report;
            case "postmortem":
                return await postMortems.PublishAsync(message.IncidentId, cancellationToken).ConfigureAwait(false);
            case "comment":
                await PostOnceAsync(payload, cancellationToken).ConfigureAwait(false);
                return new GitHubSyncReport(message.IncidentId);
            case "assign":
                await AssignAsync(payload, cancellationToken).ConfigureAwait(false);
                return new GitHubSyncReport(message.IncidentId);
            case "set-state":
                await SetStateAsync(payload, cancellationToken).ConfigureAwait(false);
                return new GitHubSyncReport(message.IncidentId);
            default:
                throw new GitHubException($"Unknown GitHub outbox operation '{payload.Op}' in message {message.Id}.");
        }
    }

    private async Task PostOnceAsync(GitHubOutboxPayload payload, CancellationToken cancellationToken)
    {
        var issue = payload.Issue ?? throw new GitHubException("A comment message needs an issue number.");
        var marker = GitHubMarker.Reply(payload.Key ?? throw new GitHubException("A comment message needs a key."));
        var comments = await client.ListCommentsAsync(issue, cancellationToken).ConfigureAwait(false);
        if (comments.Any(c => c.Body?.Contains(marker, StringComparison.Ordinal) == true))
        {
            logger.LogDebug("Reply {Key} already on #{Issue}", payload.Key, issue);
            return;
        }

        await client.CreateCommentAsync(issue, $"{marker}\n{payload.Body}", cancellationToken).ConfigureAwait(false);
    }

    private async Task SetStateAsync(GitHubOutboxPayload payload, CancellationToken cancellationToken)
    {
        var issue = payload.Issue ?? throw new GitHubException("A set-state message needs an issue number.");
        var open = payload.State == "open";
        var current = await client.GetIssueAsync(issue, cancellationToken).ConfigureAwait(false);
        if (current is null || (current.State.Value == ItemState.Open) == open)
        {
            return;
        }

        await client.UpdateIssueAsync(issue, new IssueUpdate { State = open ? ItemState.Open : ItemState.Closed }, cancellationToken).ConfigureAwait(false);
    }

    private async Task AssignAsync(GitHubOutboxPayload payload, CancellationToken cancellationToken)
    {
        var issue = payload.Issue ?? throw new GitHubException("An assign message needs an issue number.");
        var current = await client.GetIssueAsync(issue, cancellationToken).ConfigureAwait(false);
        if (current is null || current.Assignees.Any(a => string.Equals(a.Login, payload.Login, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        var update = new IssueUpdate();
        foreach (var login in current.Assignees.Select(a => a.Login).Append(payload.Login!))
        {
            update.AddAssignee(login);
        }

        try
        {
            await client.UpdateIssueAsync(issue, update, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiValidationException ex)
        {
            // GitHub ignores or refuses logins that cannot be assigned; the assignment stays recorded in AgentOps.
            logger.LogWarning("GitHub did not assign {Login} to #{Issue}: {Message}", payload.Login, issue, ex.Message);
        }
    }
}
