using System.Collections.Concurrent;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using Microsoft.Extensions.Logging;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// The entry points of the CLI verbs <c>epic-sync</c> and <c>issue-sync</c>: each records an outbox message of kind
/// <c>github</c> in the store, then delivers the incident's pending GitHub messages at once. A message that fails stays
/// in the outbox and is retried by <see cref="DeliverPendingAsync"/> (the background service) with backoff.
/// </summary>
public sealed class GitHubSyncService(
    IIncidentStore store,
    GitHubOutboxHandler handler,
    TimeProvider time,
    ILogger<GitHubSyncService> logger)
{
    /// <summary>After this many failed deliveries a message is kept as dead.</summary>
    public const int MaxDeliveryAttempts = 10;

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> IncidentLocks = new(StringComparer.Ordinal);

    /// <summary>Creates or updates the epic and track issues of <paramref name="incidentId"/> (labels, bodies, sub-issues).</summary>
    /// <exception cref="GitHubException">The incident does not exist, or GitHub refused or failed (the message stays queued).</exception>
    public async Task<GitHubSyncReport> EpicSyncAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        var message = await EnqueueAsync(incidentId, GitHubOutboxPayload.EpicSync(), cancellationToken).ConfigureAwait(false);
        return await DeliverAndReportAsync(incidentId, message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Epic-sync plus the progress comments of the tracks (only <paramref name="trackNumber"/> when given).</summary>
    /// <exception cref="GitHubException">The incident does not exist, or GitHub refused or failed (the message stays queued).</exception>
    public async Task<GitHubSyncReport> IssueSyncAsync(string incidentId, int? trackNumber = null, CancellationToken cancellationToken = default)
    {
        var message = await EnqueueAsync(incidentId, GitHubOutboxPayload.IssueSync(trackNumber), cancellationToken).ConfigureAwait(false);
        return await DeliverAndReportAsync(incidentId, message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a GitHub operation in the outbox of <paramref name="incidentId"/> (same transaction as nothing else).</summary>
    /// <exception cref="GitHubException">The incident does not exist.</exception>
    public async Task<OutboxMessage> EnqueueAsync(string incidentId, GitHubOutboxPayload payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var message = NewMessage(incidentId, payload, time.GetUtcNow());
        await GitHubIncidentUpdater.UpdateAsync(store, incidentId, _ =>
        {
            var changes = new ChangeSet();
            changes.Outbox.Add(message);
            return changes;
        }, cancellationToken).ConfigureAwait(false);
        return message;
    }

    /// <summary>Builds an outbox message of kind <c>github</c>, to add to a <see cref="ChangeSet"/>.</summary>
    public static OutboxMessage NewMessage(string incidentId, GitHubOutboxPayload payload, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return new OutboxMessage($"gh-{Guid.NewGuid():N}", incidentId, GitHubOutboxPayload.Kind, payload.ToJson(), now) { NextAttemptAt = now };
    }

    /// <summary>
    /// Delivers the pending, due <c>github</c> outbox messages (of one incident, or all). The queued syncs of one incident
    /// are answered by a single reconcile. Failures are recorded with exponential backoff (15 s doubling, at most 1 h), and
    /// a message is kept as dead after <see cref="MaxDeliveryAttempts"/> attempts.
    /// </summary>
    /// <returns>The reports of the messages delivered and the errors of those that failed (message id → error).</returns>
    public async Task<GitHubDeliveryResult> DeliverPendingAsync(string? incidentId = null, CancellationToken cancellationToken = default)
    {
        var result = new GitHubDeliveryResult();
        var now = time.GetUtcNow();
        var pending = (await store.ListOutboxAsync(incidentId, cancellationToken).ConfigureAwait(false))
            .Where(m => m.Kind == GitHubOutboxPayload.Kind && m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
            .OrderBy(m => m.CreatedAt)
            .ToList();
        foreach (var group in pending.GroupBy(m => m.IncidentId))
        {
            var gate = IncidentLocks.GetOrAdd(group.Key, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await DeliverGroupAsync(group.ToList(), result, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }

        return result;
    }

    private async Task DeliverGroupAsync(List<OutboxMessage> messages, GitHubDeliveryResult result, CancellationToken cancellationToken)
    {
        // One full reconcile answers every epic-sync and issue-sync of the incident queued so far.
        var syncs = messages.Where(m => SafeParse(m.Payload) is { Op: "epic-sync" or "issue-sync" }).ToList();
        if (syncs.Count > 0)
        {
            var tracks = syncs.Select(m => SafeParse(m.Payload)!).Where(p => p.Op == "issue-sync").Select(p => p.Track).Distinct().ToList();
            var combined = tracks.Count == 0 ? GitHubOutboxPayload.EpicSync() : GitHubOutboxPayload.IssueSync(tracks.Count == 1 ? tracks[0] : null);
            await DeliverAsync(syncs[0] with { Payload = combined.ToJson() }, syncs, result, cancellationToken).ConfigureAwait(false);
        }

        foreach (var message in messages.Except(syncs))
        {
            await DeliverAsync(message, [message], result, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync(OutboxMessage run, IReadOnlyList<OutboxMessage> answered, GitHubDeliveryResult result, CancellationToken cancellationToken)
    {
        try
        {
            var report = await handler.HandleAsync(run, cancellationToken).ConfigureAwait(false);
            foreach (var message in answered)
            {
                await store.CompleteOutboxAsync(message.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                result.Reports[message.Id] = report;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "GitHub outbox message {MessageId} of {IncidentId} failed", run.Id, run.IncidentId);
            foreach (var message in answered)
            {
                var attempts = message.Attempts + 1;
                var delay = TimeSpan.FromSeconds(Math.Min(3600, 15 * Math.Pow(2, attempts - 1)));
                await store.FailOutboxAsync(message.Id, Describe(ex), time.GetUtcNow() + delay, attempts >= MaxDeliveryAttempts, cancellationToken).ConfigureAwait(false);
                result.Errors[message.Id] = Describe(ex);
            }
        }
    }

    private async Task<GitHubSyncReport> DeliverAndReportAsync(string incidentId, OutboxMessage message, CancellationToken cancellationToken)
    {
        var result = await DeliverPendingAsync(incidentId, cancellationToken).ConfigureAwait(false);
        if (result.Errors.TryGetValue(message.Id, out var error))
        {
            throw new GitHubException($"GitHub sync of {incidentId} failed; it stays queued and is retried: {error}");
        }

        return result.Reports.TryGetValue(message.Id, out var report)
            ? report
            : throw new GitHubException($"GitHub sync of {incidentId} did not run: its message is not due yet.");
    }

    private static GitHubOutboxPayload? SafeParse(string json)
    {
        try
        {
            return GitHubOutboxPayload.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        AggregateException aggregate => string.Join("; ", aggregate.InnerExceptions.Select(Describe)),
        _ => ex.Message,
    };
}
