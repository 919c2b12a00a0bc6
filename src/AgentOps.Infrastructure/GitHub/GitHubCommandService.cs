using System.Globalization;
using System.Text;
using AgentOps.Core.Commands;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration;
using AgentOps.Core.Persistence;
using Microsoft.Extensions.Logging;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// Turns what people do on GitHub into incident changes: slash commands in comments (see <see cref="CommentCommandParser"/>)
/// and closing, reopening, editing or deleting issues. Commands on the epic move the <see cref="IncidentStateMachine"/>,
/// commands on a track issue its <see cref="TrackStateMachine"/>. Only permitted users may command; anything refused or
/// malformed gets a reply saying why and changes nothing. Each comment and delivery is handled once, whether it comes
/// by webhook or by polling (its id is stored with the incident in the same transaction).
/// </summary>
public sealed class GitHubCommandService(
    IIncidentStore store,
    GitHubPermissionChecker permissions,
    TimeProvider time,
    ILogger<GitHubCommandService> logger)
{
    private const string Source = "github";

    /// <summary>Handles a comment.</summary>
    /// <exception cref="GitHubException">GitHub could not be asked for the author's permission.</exception>
    public async Task<GitHubCommandOutcome> HandleCommentAsync(GitHubCommentEvent comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(comment);
        if (GitHubMarker.IsOurs(comment.Body))
        {
            return GitHubCommandOutcome.Ignored;
        }

        var parsed = CommentCommandParser.Parse(comment.Body);
        if (parsed.IsEmpty)
        {
            return GitHubCommandOutcome.Ignored;
        }

        var target = await ResolveAsync(comment.IssueNumber, comment.IssueBody, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return GitHubCommandOutcome.Ignored;
        }

        var keys = new List<string> { $"github:comment:{comment.CommentId.ToString(CultureInfo.InvariantCulture)}" };
        if (comment.DeliveryId is { Length: > 0 } delivery)
        {
            keys.Add($"github:delivery:{delivery}");
        }

        if (await IsDuplicateAsync(keys, cancellationToken).ConfigureAwait(false))
        {
            return GitHubCommandOutcome.Duplicate;
        }

        var replyKey = $"comment-{comment.CommentId.ToString(CultureInfo.InvariantCulture)}";
        if (!await permissions.CanCommandAsync(comment.Author, cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("Comment command from {Author} on #{Issue} refused: no write permission", comment.Author, comment.IssueNumber);
            await ReplyOnlyAsync(target.Value, comment.IssueNumber, keys, replyKey,
                $"@{comment.Author} thank you. Only collaborators with write access to this repository (or people on the AgentOps allowlist) can steer incidents from GitHub, so nothing was changed. A maintainer can run the command for you.",
                cancellationToken).ConfigureAwait(false);
            return GitHubCommandOutcome.Refused;
        }

        if (parsed.Errors.Count > 0)
        {
            await ReplyOnlyAsync(target.Value, comment.IssueNumber, keys, replyKey,
                $"@{comment.Author} I could not read this, so nothing was changed:\n" + string.Join('\n', parsed.Errors.Select(e => "- " + e)),
                cancellationToken).ConfigureAwait(false);
            return GitHubCommandOutcome.Rejected;
        }

        return await ApplyAsync(target.Value, comment.IssueNumber, comment.Author, parsed.Commands, keys, replyKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Handles an issue closed, reopened, edited or deleted on GitHub.</summary>
    public async Task<GitHubCommandOutcome> HandleIssueEventAsync(GitHubIssueEvent change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var target = await ResolveAsync(change.IssueNumber, change.IssueBody, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return GitHubCommandOutcome.Ignored;
        }

        var keys = new List<string> { $"github:{change.DedupKey}" };
        if (await IsDuplicateAsync(keys, cancellationToken).ConfigureAwait(false))
        {
            return GitHubCommandOutcome.Duplicate;
        }

        var (incidentId, trackNumber) = target.Value;
        var actor = "@" + change.Actor;
        switch (change.Action)
        {
            case "deleted":
                await GitHubIncidentUpdater.UpdateAsync(store, incidentId, incident =>
                {
                    if (trackNumber is null)
                    {
                        incident.GitHubIssueNumber = null;
                    }
                    else if (incident.FindTrack(trackNumber.Value) is { } track)
                    {
                        track.GitHubIssueNumber = null;
                    }

                    incident.Record(time.GetUtcNow(), actor, Source, "note", $"GitHub issue #{change.IssueNumber} was deleted on GitHub; it will be recreated.");
                    return Changes(incidentId, keys, GitHubOutboxPayload.EpicSync());
                }, cancellationToken).ConfigureAwait(false);
                return GitHubCommandOutcome.Applied;
            case "edited" when GitHubMarker.Parse(change.IssueBody) is null:
                await GitHubIncidentUpdater.UpdateAsync(store, incidentId, incident =>
                {
                    incident.Record(time.GetUtcNow(), actor, Source, "note", $"GitHub issue #{change.IssueNumber} lost its AgentOps marker (edited by hand); its description will be restored.");
                    return Changes(incidentId, keys, GitHubOutboxPayload.EpicSync());
                }, cancellationToken).ConfigureAwait(false);
                return GitHubCommandOutcome.Applied;
            case "closed" or "reopened":
                return await ApplyIssueStateAsync(incidentId, trackNumber, change, keys, cancellationToken).ConfigureAwait(false);
            default:
                return GitHubCommandOutcome.Ignored;
        }
    }

    private async Task<GitHubCommandOutcome> ApplyIssueStateAsync(string incidentId, int? trackNumber, GitHubIssueEvent change, List<string> keys, CancellationToken cancellationToken)
    {
        var closed = change.Action == "closed";
        var context = new TransitionContext("@" + change.Actor, Source, $"{change.Action} on GitHub by @{change.Actor}");
        var outcome = GitHubCommandOutcome.Ignored;
        string? refusal = null;
        await GitHubIncidentUpdater.UpdateAsync(store, incidentId, incident =>
        {
            refusal = null;
            outcome = GitHubCommandOutcome.Ignored;
            try
            {
                if (trackNumber is { } number)
                {
                    var track = incident.FindTrack(number) ?? throw new CommandRefusedException($"Track {number} no longer exists in {incidentId}.");
                    var finished = track.State is TrackState.Done or TrackState.Cancelled;
                    if (closed == finished)
                    {
                        return null;
                    }

                    if (closed && change.StateReason == "not_planned")
                    {
                        new TrackStateMachine(incident, track, time).Fire(TrackTrigger.Cancel, context);
                    }
                    else if (closed)
                    {
                        CompleteTrack(incident, track, context);
                    }
                    else
                    {
                        new TrackStateMachine(incident, track, time).Fire(TrackTrigger.Reopen, context);
                    }
                }
                else
                {
                    var finished = incident.State is IncidentState.Resolved or IncidentState.PostMortem or IncidentState.Closed;
                    if (closed == finished)
                    {
                        return null;
                    }

                    new IncidentStateMachine(incident, time).Fire(closed ? IncidentTrigger.Resolve : IncidentTrigger.Reopen, context);
                }
            }
            catch (Exception ex) when (ex is InvalidTransitionException or CommandRefusedException)
            {
                refusal = ex.Message;
                return null;
            }

            outcome = GitHubCommandOutcome.Applied;
            return Changes(incidentId, keys, GitHubOutboxPayload.EpicSync());
        }, cancellationToken).ConfigureAwait(false);

        if (refusal is not null)
        {
            // GitHub shows the issue closed (or open) while the incident could not follow: say why and put it back.
            await ReplyOnlyAsync((incidentId, trackNumber), change.IssueNumber, keys, $"state-{change.DedupKey}",
                $"@{change.Actor} this issue was {change.Action} on GitHub, but the incident could not follow, so it was put back: {refusal}",
                cancellationToken,
                closed ? GitHubOutboxPayload.SetState(change.IssueNumber, "open") : GitHubOutboxPayload.SetState(change.IssueNumber, "closed")).ConfigureAwait(false);
            return GitHubCommandOutcome.Rejected;
        }

        return outcome;
    }

    private async Task<GitHubCommandOutcome> ApplyAsync(
        (string IncidentId, int? Track) target,
        int issueNumber,
        string author,
        IReadOnlyList<CommentCommand> commands,
        List<string> keys,
        string replyKey,
        CancellationToken cancellationToken)
    {
        string? refusal = null;
        var applied = false;
        await GitHubIncidentUpdater.UpdateAsync(store, target.IncidentId, incident =>
        {
            refusal = null;
            if (incident.State == IncidentState.Closed)
            {
                refusal = $"{incident.Id} is closed, so nothing was changed. Reopen it first (`agentops reopen {incident.Id} --reason \"…\"`, or reopen the epic issue).";
                return null;
            }

            var changes = new ChangeSet();
            var summary = new StringBuilder();
            try
            {
                foreach (var command in commands)
                {
                    summary.AppendLine(CultureInfo.InvariantCulture, $"- `{command.Text}`: {Execute(incident, target.Track, issueNumber, command, "@" + author, changes)}");
                }
            }
            catch (Exception ex) when (ex is InvalidTransitionException or CommandRefusedException)
            {
                refusal = $"nothing was changed: {ex.Message}";
                return null;
            }

            changes.MessageIds.AddRange(keys);
            changes.Outbox.Add(GitHubSyncService.NewMessage(incident.Id, GitHubOutboxPayload.Comment(issueNumber, replyKey, $"@{author} done:\n{summary.ToString().TrimEnd()}"), time.GetUtcNow()));
            changes.Outbox.Add(GitHubSyncService.NewMessage(incident.Id, GitHubOutboxPayload.EpicSync(), time.GetUtcNow()));
            applied = true;
            return changes;
        }, cancellationToken).ConfigureAwait(false);

        if (applied)
        {
            logger.LogInformation("Commands from {Author} applied to {IncidentId}", author, target.IncidentId);
            return GitHubCommandOutcome.Applied;
        }

        await ReplyOnlyAsync(target, issueNumber, keys, replyKey, $"@{author} {refusal}", cancellationToken).ConfigureAwait(false);
        return GitHubCommandOutcome.Rejected;
    }

    private string Execute(Incident incident, int? trackNumber, int issueNumber, CommentCommand command, string actor, ChangeSet changes)
    {
        var track = trackNumber is { } n ? incident.FindTrack(n) ?? throw new CommandRefusedException($"Track {n} no longer exists in {incident.Id}.") : null;
        var context = new TransitionContext(actor, Source, command.Reason);
        var before = track is null ? incident.State.ToString() : track.State.ToString();
        switch (command.Verb)
        {
            case CommentCommandVerb.IssueStart when track is not null:
                StartTrack(incident, track, context);
                break;
            case CommentCommandVerb.IssueStart:
                new IncidentStateMachine(incident, time).Fire(IncidentTrigger.Investigate, context);
                break;
            case CommentCommandVerb.IssueClose when track is not null:
                CompleteTrack(incident, track, context);
                break;
            case CommentCommandVerb.IssueClose:
                new IncidentStateMachine(incident, time).Fire(IncidentTrigger.Resolve, context);
                break;
            case CommentCommandVerb.Status:
                return Status(incident, track, command.Argument!, context);
            case CommentCommandVerb.Ack:
                new IncidentStateMachine(incident, time).Fire(IncidentTrigger.Acknowledge, context);
                return "acknowledged";
            case CommentCommandVerb.Assign:
                var login = command.Argument!;
                if (track is not null)
                {
                    track.Assignee = login;
                }

                incident.Record(time.GetUtcNow(), actor, Source, "assignment", $"{(track is null ? incident.Id : $"Track #{track.Number}")} assigned to @{login}", new Dictionary<string, string>
                {
                    ["assignee"] = login,
                    ["track"] = track?.Number.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                });
                changes.Outbox.Add(GitHubSyncService.NewMessage(incident.Id, GitHubOutboxPayload.Assign(issueNumber, login), time.GetUtcNow()));
                return $"assigned to @{login}";
            case CommentCommandVerb.Approve:
                var communication = incident.Communications.Find(c => string.Equals(c.Id, command.Argument, StringComparison.OrdinalIgnoreCase))
                    ?? throw new CommandRefusedException($"{incident.Id} has no communication `{command.Argument}`; known: {(incident.Communications.Count == 0 ? "none" : string.Join(", ", incident.Communications.Select(c => c.Id)))}.");
                if (communication.Status is not (CommunicationStatus.Draft or CommunicationStatus.Held))
                {
                    throw new CommandRefusedException($"Communication {communication.Id} is {communication.Status}; only a draft or held one can be approved.");
                }

                incident.Record(time.GetUtcNow(), actor, Source, "approval", $"Communication {communication.Id} approved by {actor}", new Dictionary<string, string>
                {
                    ["communication"] = communication.Id,
                    ["approver"] = actor,
                });
                return $"communication {communication.Id} approved";
            case CommentCommandVerb.Priority:
                var priority = Enum.Parse<Priority>(command.Argument!);
                if (priority == incident.Priority)
                {
                    return $"already {priority}";
                }

                var old = incident.Priority;
                incident.Priority = priority;
                incident.Record(time.GetUtcNow(), actor, Source, "priority", $"Priority {old} → {priority}", new Dictionary<string, string>
                {
                    ["from"] = old.ToString(),
                    ["to"] = priority.ToString(),
                });
                return $"priority {old} → {priority}";
        }

        var after = track is null ? incident.State.ToString() : track.State.ToString();
        return $"{before} → {after}";
    }

    private string Status(Incident incident, Track? track, string word, TransitionContext context)
    {
        var before = incident.State.ToString();
        var isTrackWord = word is "open" or "in-progress" or "blocked" or "done" or "cancelled";
        if (isTrackWord && track is null)
        {
            throw new CommandRefusedException($"`/status {word}` applies to a track issue; on the epic use an incident state (triaged, investigating, mitigating, resolved, post-mortem, closed).");
        }

        if (isTrackWord)
        {
            var machine = new TrackStateMachine(incident, track!, time);
            switch (word)
            {
                case "open":
                    machine.Fire(TrackTrigger.Reopen, context);
                    break;
                case "in-progress":
                    StartTrack(incident, track!, context);
                    break;
                case "blocked":
                    machine.Fire(TrackTrigger.Block, context);
                    break;
                case "done":
                    CompleteTrack(incident, track!, context);
                    break;
                default:
                    machine.Fire(TrackTrigger.Cancel, context);
                    break;
            }

            return $"track #{track!.Number} is now {track.State}";
        }

        var incidentMachine = new IncidentStateMachine(incident, time);
        var trigger = word switch
        {
            "triaged" => IncidentTrigger.Triage,
            "investigating" when incident.State is IncidentState.Resolved or IncidentState.PostMortem => IncidentTrigger.Reopen,
            "investigating" => IncidentTrigger.Investigate,
            "mitigating" => IncidentTrigger.Mitigate,
            "resolved" => IncidentTrigger.Resolve,
            "post-mortem" => IncidentTrigger.StartPostMortem,
            _ => IncidentTrigger.Close,
        };
        incidentMachine.Fire(trigger, context);
        return track is null ? $"{before} → {incident.State}" : $"{incident.Id} is now {incident.State}";
    }

    private void StartTrack(Incident incident, Track track, TransitionContext context)
    {
        var machine = new TrackStateMachine(incident, track, time);
        machine.Fire(track.State == TrackState.Blocked ? TrackTrigger.Unblock : TrackTrigger.Start, context);
    }

    /// <summary>Closing a track on GitHub means "done", whatever it was: an open track is started first, a blocked one unblocked.</summary>
    private void CompleteTrack(Incident incident, Track track, TransitionContext context)
    {
        var machine = new TrackStateMachine(incident, track, time);
        if (track.State == TrackState.Open)
        {
            machine.Fire(TrackTrigger.Start, context);
        }
        else if (track.State == TrackState.Blocked)
        {
            machine.Fire(TrackTrigger.Unblock, context);
        }

        machine.Fire(TrackTrigger.Complete, context);
    }

    private async Task ReplyOnlyAsync((string IncidentId, int? Track) target, int issueNumber, List<string> keys, string replyKey, string text, CancellationToken cancellationToken, GitHubOutboxPayload? extra = null)
    {
        await GitHubIncidentUpdater.UpdateAsync(store, target.IncidentId, _ =>
        {
            var changes = Changes(target.IncidentId, keys, GitHubOutboxPayload.Comment(issueNumber, replyKey, text));
            if (extra is not null)
            {
                changes.Outbox.Add(GitHubSyncService.NewMessage(target.IncidentId, extra, time.GetUtcNow()));
            }

            return changes;
        }, cancellationToken).ConfigureAwait(false);
    }

    private ChangeSet Changes(string incidentId, List<string> keys, GitHubOutboxPayload payload)
    {
        var changes = new ChangeSet();
        changes.MessageIds.AddRange(keys);
        changes.Outbox.Add(GitHubSyncService.NewMessage(incidentId, payload, time.GetUtcNow()));
        return changes;
    }

    private async Task<bool> IsDuplicateAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            if (await store.FindIncidentByMessageIdAsync(key, cancellationToken).ConfigureAwait(false) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The incident and track an issue belongs to: by its marker, else by the numbers recorded in the store.</summary>
    internal async Task<(string IncidentId, int? Track)?> ResolveAsync(int issueNumber, string? issueBody, CancellationToken cancellationToken)
    {
        if (GitHubMarker.Parse(issueBody) is { } marker
            && await store.FindAsync(marker.IncidentId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return (marker.IncidentId, marker.Track);
        }

        var incidents = await store.ListAsync(new IncidentQuery { Limit = 1000 }, cancellationToken).ConfigureAwait(false);
        foreach (var incident in incidents)
        {
            if (incident.GitHubIssueNumber == issueNumber)
            {
                return (incident.Id, null);
            }

            if (incident.Tracks.Find(t => t.GitHubIssueNumber == issueNumber) is { } track)
            {
                return (incident.Id, track.Number);
            }
        }

        return null;
    }

    private sealed class CommandRefusedException(string message) : Exception(message);
}
