using System.Collections.Concurrent;
using System.Globalization;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octokit;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// Brings GitHub in line with an incident: labels first, then one issue per track, the epic issue with its task list,
/// and the sub-issue links. Idempotent by construction: every issue carries a <see cref="GitHubMarker"/>, existing
/// issues are found by marker (listing the <c>epic:&lt;slug&gt;</c> label) before anything is created, and an unchanged
/// incident costs only reads. Issues deleted or edited by hand are recreated or restored, and the timeline says so.
/// </summary>
public sealed class GitHubEpicSynchronizer(
    GitHubRepositoryClient client,
    IIncidentStore store,
    IOptions<GitHubOptions> options,
    TimeProvider time,
    ILogger<GitHubEpicSynchronizer> logger)
{
    private readonly GitHubOptions _options = options.Value;

    /// <summary>Synchronises the epic and track issues of <paramref name="incidentId"/>.</summary>
    /// <exception cref="GitHubException">Bad credentials, missing repository, rate limit, retries exhausted, or no such incident.</exception>
    public async Task<GitHubSyncReport> SyncAsync(string incidentId, CancellationToken cancellationToken)
    {
        var incident = await store.FindAsync(incidentId, cancellationToken).ConfigureAwait(false)
            ?? throw new GitHubException($"Incident {incidentId} does not exist.");
        var report = new GitHubSyncReport(incidentId);
        var epicLabel = GitHubLabelCatalog.EpicLabel(incident);

        await EnsureLabelsAsync(incident, cancellationToken).ConfigureAwait(false);
        int? milestone = string.IsNullOrWhiteSpace(_options.Milestone)
            ? null
            : await client.EnsureMilestoneAsync(_options.Milestone, cancellationToken).ConfigureAwait(false);

        var existing = await FindExistingAsync(incident, epicLabel, report, cancellationToken).ConfigureAwait(false);

        // Tracks first, so that the epic is created once with its full task list.
        var trackIssues = new ConcurrentDictionary<int, Issue>();
        var failures = new ConcurrentBag<Exception>();
        using (var gate = new SemaphoreSlim(_options.MaxConcurrency))
        {
            await Task.WhenAll(incident.Tracks.Select(async track =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    existing.TryGetValue(track.Number.ToString(CultureInfo.InvariantCulture), out var current);
                    var issue = await EnsureIssueAsync(
                        incident,
                        new GitHubMarker(incident.Id, track.Number),
                        GitHubBodyRenderer.TrackTitle(incident, track),
                        GitHubBodyRenderer.TrackBody(incident, track),
                        TrackLabels(incident, track, epicLabel),
                        track.State is TrackState.Done or TrackState.Cancelled,
                        track.State == TrackState.Cancelled,
                        LastTransition(incident, track.Number),
                        milestone,
                        current,
                        epicLabel,
                        report,
                        cancellationToken).ConfigureAwait(false);
                    trackIssues[track.Number] = issue;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failures.Add(ex);
                }
                finally
                {
                    gate.Release();
                }
            })).ConfigureAwait(false);
        }

        await RecordMappingAsync(incident.Id, null, trackIssues.ToDictionary(p => p.Key, p => p.Value.Number), cancellationToken).ConfigureAwait(false);
        if (!failures.IsEmpty)
        {
            throw failures.Count == 1 ? failures.First() : new AggregateException("Some track issues could not be synced.", failures);
        }

        var numbers = trackIssues.ToDictionary(p => p.Key, p => p.Value.Number);
        existing.TryGetValue("epic", out var currentEpic);
        var epic = await EnsureIssueAsync(
            incident,
            new GitHubMarker(incident.Id, null),
            GitHubBodyRenderer.EpicTitle(incident),
            GitHubBodyRenderer.EpicBody(incident, numbers),
            EpicLabels(incident, epicLabel),
            incident.State == IncidentState.Closed,
            false,
            LastTransition(incident, null),
            milestone,
            currentEpic,
            epicLabel,
            report,
            cancellationToken).ConfigureAwait(false);
        await RecordMappingAsync(incident.Id, epic.Number, numbers, cancellationToken).ConfigureAwait(false);
        report.EpicIssueNumber = epic.Number;
        foreach (var (track, number) in numbers)
        {
            report.TrackIssueNumbers[track] = number;
        }

        await LinkSubIssuesAsync(epic, currentEpic is null, trackIssues.Values.ToList(), report, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("GitHub epic-sync {Report}", report);
        return report;
    }

    private async Task EnsureLabelsAsync(Incident incident, CancellationToken cancellationToken)
    {
        var wanted = GitHubLabelCatalog.For(incident, _options.CustomerLabels);
        var present = (await client.ListLabelsAsync(cancellationToken).ConfigureAwait(false))
            .Select(l => l.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = wanted.Where(l => !present.Contains(l.Name)).ToList();
        using var gate = new SemaphoreSlim(_options.MaxConcurrency);
        await Task.WhenAll(missing.Select(async label =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await client.CreateLabelAsync(label.Name, label.Color, label.Description, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
    }

    /// <summary>Issues of this incident on GitHub, by key (<c>epic</c> or track number), found by marker.</summary>
    private async Task<Dictionary<string, Issue>> FindExistingAsync(Incident incident, string epicLabel, GitHubSyncReport report, CancellationToken cancellationToken)
    {
        var found = Index(incident.Id, await client.ListIssuesWithLabelAsync(epicLabel, cancellationToken).ConfigureAwait(false), report);

        // Mapped issues the label listing did not return: label removed by hand, marker edited away, or deleted.
        var mapped = new List<(string Key, int Number)>();
        if (incident.GitHubIssueNumber is { } epicNumber)
        {
            mapped.Add(("epic", epicNumber));
        }

        mapped.AddRange(incident.Tracks.Where(t => t.GitHubIssueNumber is not null)
            .Select(t => (t.Number.ToString(CultureInfo.InvariantCulture), t.GitHubIssueNumber!.Value)));
        foreach (var (key, number) in mapped.Where(m => !found.ContainsKey(m.Key)))
        {
            var issue = await client.GetIssueAsync(number, cancellationToken).ConfigureAwait(false);
            var marker = GitHubMarker.Parse(issue?.Body);
            if (issue is null)
            {
                await NoteAsync(incident.Id, report, $"GitHub issue #{number} ({key}) was deleted; it is recreated.", cancellationToken).ConfigureAwait(false);
            }
            else if (marker is null || (marker.IncidentId == incident.Id && marker.Key == key))
            {
                if (marker is null)
                {
                    await NoteAsync(incident.Id, report, $"GitHub issue #{number} ({key}) lost its AgentOps marker (edited by hand); it is restored.", cancellationToken).ConfigureAwait(false);
                }

                found[key] = issue;
            }
            else
            {
                await NoteAsync(incident.Id, report, $"GitHub issue #{number} now belongs to {marker.IncidentId} ({marker.Key}), not to {key}; a new issue is made.", cancellationToken).ConfigureAwait(false);
            }
        }

        return found;
    }

    private static Dictionary<string, Issue> Index(string incidentId, IEnumerable<Issue> issues, GitHubSyncReport? report)
    {
        var found = new Dictionary<string, Issue>(StringComparer.Ordinal);
        foreach (var issue in issues.OrderBy(i => i.Number))
        {
            var marker = GitHubMarker.Parse(issue.Body);
            if (marker is null || marker.IncidentId != incidentId)
            {
                continue;
            }

            if (!found.TryAdd(marker.Key, issue))
            {
                report?.Note($"Issue #{issue.Number} duplicates #{found[marker.Key].Number} ({marker.Key}); the older one is kept.");
            }
        }

        return found;
    }

    private async Task<Issue> EnsureIssueAsync(
        Incident incident,
        GitHubMarker marker,
        string title,
        string body,
        IReadOnlyList<string> labels,
        bool closed,
        bool notPlanned,
        DateTimeOffset? lastLocalTransition,
        int? milestone,
        Issue? current,
        string epicLabel,
        GitHubSyncReport report,
        CancellationToken cancellationToken)
    {
        if (current is null)
        {
            current = await CreateOnceAsync(incident.Id, marker, title, body, labels, milestone, epicLabel, report, cancellationToken).ConfigureAwait(false);
        }

        var update = new IssueUpdate();
        var changed = false;
        if (!string.Equals(current.Title, title, StringComparison.Ordinal))
        {
            update.Title = title;
            changed = true;
        }

        if (!string.Equals(Normalize(current.Body), Normalize(body), StringComparison.Ordinal))
        {
            update.Body = body;
            changed = true;
        }

        var currentNames = current.Labels.Select(l => l.Name).ToList();
        var managedNow = currentNames.Where(GitHubLabelCatalog.IsManaged).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!managedNow.SetEquals(labels))
        {
            foreach (var name in currentNames.Where(n => !GitHubLabelCatalog.IsManaged(n)).Concat(labels))
            {
                update.AddLabel(name);
            }

            changed = true;
        }

        if (milestone is not null && current.Milestone?.Number != milestone)
        {
            update.Milestone = milestone;
            changed = true;
        }

        var isClosed = current.State.Value == ItemState.Closed;
        if (closed && !isClosed)
        {
            update.State = ItemState.Closed;
            update.StateReason = notPlanned ? ItemStateReason.NotPlanned : ItemStateReason.Completed;
            changed = true;
        }
        else if (!closed && isClosed && lastLocalTransition is { } local && current.ClosedAt is { } closedAt && local > closedAt)
        {
            // Reopened here after GitHub closed it. A close on GitHub newer than our last transition is left alone:
            // the webhook or the poller applies it to the state machine.
            update.State = ItemState.Open;
            update.StateReason = ItemStateReason.Reopened;
            changed = true;
        }

        if (!changed)
        {
            return current;
        }

        var updated = await client.UpdateIssueAsync(current.Number, update, cancellationToken).ConfigureAwait(false);
        report.CountUpdated();
        return updated;
    }

    private async Task<Issue> CreateOnceAsync(
        string incidentId,
        GitHubMarker marker,
        string title,
        string body,
        IReadOnlyList<string> labels,
        int? milestone,
        string epicLabel,
        GitHubSyncReport report,
        CancellationToken cancellationToken)
    {
        var request = new NewIssue(title) { Body = body, Milestone = milestone };
        foreach (var label in labels)
        {
            request.Labels.Add(label);
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var created = await client.CreateIssueAsync(request, cancellationToken).ConfigureAwait(false);
                report.CountCreated();
                return created;
            }
            catch (Exception ex) when (GitHubRepositoryClient.IsUncertain(ex) && attempt < _options.MaxRetries)
            {
                // GitHub may have created it before failing: look for the marker before trying again.
                logger.LogWarning(ex, "Creating the {Key} issue of {IncidentId} failed uncertainly; looking for its marker", marker.Key, incidentId);
                var delay = TimeSpan.FromMilliseconds(_options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt) * Random.Shared.NextDouble());
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                var again = Index(incidentId, await client.ListIssuesWithLabelAsync(epicLabel, cancellationToken).ConfigureAwait(false), null);
                if (again.TryGetValue(marker.Key, out var issue))
                {
                    return issue;
                }
            }
        }
    }

    private async Task LinkSubIssuesAsync(Issue epic, bool epicIsNew, IReadOnlyList<Issue> tracks, GitHubSyncReport report, CancellationToken cancellationToken)
    {
        var linked = new HashSet<long>();
        if (!epicIsNew)
        {
            var subIssues = await client.ListSubIssuesAsync(epic.Number, cancellationToken).ConfigureAwait(false);
            if (subIssues is null)
            {
                report.SubIssuesSupported = false;
                report.Note("This GitHub has no sub-issues API; the epic's task list is the link.");
                return;
            }

            linked.UnionWith(subIssues.Select(i => i.Id));
        }

        using var gate = new SemaphoreSlim(_options.MaxConcurrency);
        await Task.WhenAll(tracks.Where(t => !linked.Contains(t.Id)).OrderBy(t => t.Number).Select(async track =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (await client.AddSubIssueAsync(epic.Number, track.Id, cancellationToken).ConfigureAwait(false))
                {
                    report.CountLinked();
                }
            }
            catch (ApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                report.SubIssuesSupported = false;
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
    }

    private Task RecordMappingAsync(string incidentId, int? epicNumber, IReadOnlyDictionary<int, int> trackNumbers, CancellationToken cancellationToken) =>
        GitHubIncidentUpdater.UpdateAsync(store, incidentId, incident =>
        {
            var changed = false;
            if (epicNumber is not null && incident.GitHubIssueNumber != epicNumber)
            {
                incident.GitHubIssueNumber = epicNumber;
                changed = true;
            }

            foreach (var (number, issue) in trackNumbers)
            {
                var track = incident.FindTrack(number);
                if (track is not null && track.GitHubIssueNumber != issue)
                {
                    track.GitHubIssueNumber = issue;
                    changed = true;
                }
            }

            return changed ? new ChangeSet() : null;
        }, cancellationToken);

    private async Task NoteAsync(string incidentId, GitHubSyncReport report, string message, CancellationToken cancellationToken)
    {
        report.Note(message);
        logger.LogWarning("{IncidentId}: {Message}", incidentId, message);
        await GitHubIncidentUpdater.UpdateAsync(store, incidentId, incident =>
        {
            incident.Record(time.GetUtcNow(), "github-sync", "github", "note", message);
            return new ChangeSet();
        }, cancellationToken).ConfigureAwait(false);
    }

    private List<string> EpicLabels(Incident incident, string epicLabel)
    {
        var labels = new List<string>
        {
            GitHubLabelCatalog.Incident,
            GitHubLabelCatalog.PriorityLabel(incident.Priority),
            GitHubLabelCatalog.StateLabel(incident.State),
            epicLabel,
        };
        if (_options.CustomerLabels && incident.Customer is { } customer)
        {
            labels.Add(GitHubLabelCatalog.CustomerLabel(customer));
        }

        return labels;
    }

    private List<string> TrackLabels(Incident incident, Track track, string epicLabel)
    {
        var labels = new List<string>
        {
            GitHubLabelCatalog.Incident,
            GitHubLabelCatalog.PriorityLabel(incident.Priority),
            GitHubLabelCatalog.StateLabel(track.State),
            GitHubLabelCatalog.TrackLabel(track.Kind),
            epicLabel,
        };
        if (_options.CustomerLabels && incident.Customer is { } customer)
        {
            labels.Add(GitHubLabelCatalog.CustomerLabel(customer));
        }

        return labels;
    }

    /// <summary>When the incident (track <see langword="null"/>) or a track last changed state locally.</summary>
    internal static DateTimeOffset? LastTransition(Incident incident, int? track)
    {
        var number = track?.ToString(CultureInfo.InvariantCulture);
        return incident.Timeline
            .Where(e => e.Kind == "transition"
                && (number is null ? !e.Data.ContainsKey("track") : e.Data.TryGetValue("track", out var t) && t == number))
            .Select(e => (DateTimeOffset?)e.At)
            .LastOrDefault();
    }

    private static string Normalize(string? body) => (body ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
}
