using System.Text.Json;
using AgentOps.Core.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// Handles GitHub webhook deliveries (<c>issue_comment</c>, <c>issues</c>, <c>ping</c>): verifies the signature
/// (401 when missing or wrong, nothing read further), ignores other repositories, de-duplicates by <c>X-GitHub-Delivery</c>,
/// and hands comments and issue changes to <see cref="GitHubCommandService"/>. When GitHub cannot be asked (the author's
/// permission), it answers 503 without recording the delivery, so that a redelivery or the poller handles it later.
/// </summary>
public sealed class GitHubWebhookHandler(
    GitHubCommandService commands,
    IIncidentStore store,
    IOptions<GitHubOptions> options,
    ILogger<GitHubWebhookHandler> logger)
{
    /// <summary>Handles one delivery.</summary>
    /// <param name="eventName"><c>X-GitHub-Event</c>.</param>
    /// <param name="deliveryId"><c>X-GitHub-Delivery</c>.</param>
    /// <param name="signature"><c>X-Hub-Signature-256</c>.</param>
    /// <param name="body">The raw body, exactly as received.</param>
    /// <param name="cancellationToken">Cancels the handling.</param>
    public async Task<GitHubWebhookResult> HandleAsync(string? eventName, string? deliveryId, string? signature, byte[] body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var secret = options.Value.ResolveWebhookSecret();
        if (string.IsNullOrEmpty(secret))
        {
            logger.LogError("GitHub webhook refused: no webhook secret configured (GitHub:WebhookSecret or GITHUB_WEBHOOK_SECRET)");
            return new GitHubWebhookResult(503, "webhook secret not configured");
        }

        if (!GitHubWebhookSignature.IsValid(secret, body, signature))
        {
            logger.LogWarning("GitHub webhook {DeliveryId} refused: bad or missing signature", deliveryId);
            return new GitHubWebhookResult(401, "invalid signature");
        }

        if (string.IsNullOrWhiteSpace(eventName) || string.IsNullOrWhiteSpace(deliveryId))
        {
            return new GitHubWebhookResult(400, "missing X-GitHub-Event or X-GitHub-Delivery");
        }

        if (await store.FindIncidentByMessageIdAsync($"github:delivery:{deliveryId}", cancellationToken).ConfigureAwait(false) is not null)
        {
            return new GitHubWebhookResult(200, "duplicate delivery");
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return new GitHubWebhookResult(400, "body is not JSON");
        }

        if (eventName == "ping")
        {
            return new GitHubWebhookResult(200, "pong");
        }

        var repository = root.TryGetProperty("repository", out var repo) && repo.TryGetProperty("full_name", out var fullName) ? fullName.GetString() : null;
        var expected = $"{options.Value.Owner}/{options.Value.Repo}";
        if (!string.Equals(repository, expected, StringComparison.OrdinalIgnoreCase))
        {
            return new GitHubWebhookResult(202, $"ignored: repository {repository} is not {expected}");
        }

        try
        {
            var outcome = eventName switch
            {
                "issue_comment" => await CommentAsync(root, deliveryId, cancellationToken).ConfigureAwait(false),
                "issues" => await IssueAsync(root, deliveryId, cancellationToken).ConfigureAwait(false),
                _ => GitHubCommandOutcome.Ignored,
            };
            return new GitHubWebhookResult(outcome == GitHubCommandOutcome.Ignored ? 202 : 200, outcome.ToString().ToLowerInvariant());
        }
        catch (GitHubException ex)
        {
            // Nothing was recorded for this delivery: GitHub's redelivery (or the poller) brings it back.
            logger.LogWarning(ex, "GitHub webhook {DeliveryId} ({Event}) could not be handled now", deliveryId, eventName);
            return new GitHubWebhookResult(503, "GitHub unavailable; redeliver later");
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            logger.LogWarning(ex, "GitHub webhook {DeliveryId} ({Event}) has an unexpected shape", deliveryId, eventName);
            return new GitHubWebhookResult(400, "unexpected payload shape");
        }
    }

    private async Task<GitHubCommandOutcome> CommentAsync(JsonElement root, string deliveryId, CancellationToken cancellationToken)
    {
        if (root.GetProperty("action").GetString() != "created")
        {
            return GitHubCommandOutcome.Ignored;
        }

        var issue = root.GetProperty("issue");
        var comment = root.GetProperty("comment");
        return await commands.HandleCommentAsync(
            new GitHubCommentEvent(
                issue.GetProperty("number").GetInt32(),
                String(issue, "body"),
                comment.GetProperty("id").GetInt64(),
                comment.GetProperty("user").GetProperty("login").GetString()!,
                String(comment, "body") ?? string.Empty,
                deliveryId),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<GitHubCommandOutcome> IssueAsync(JsonElement root, string deliveryId, CancellationToken cancellationToken)
    {
        var action = root.GetProperty("action").GetString() ?? string.Empty;
        var issue = root.GetProperty("issue");
        var sender = root.TryGetProperty("sender", out var s) && s.TryGetProperty("login", out var login) ? login.GetString() : null;
        return await commands.HandleIssueEventAsync(
            new GitHubIssueEvent(
                action,
                issue.GetProperty("number").GetInt32(),
                String(issue, "body"),
                String(issue, "state_reason"),
                sender ?? "github",
                $"delivery:{deliveryId}"),
            cancellationToken).ConfigureAwait(false);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

}
