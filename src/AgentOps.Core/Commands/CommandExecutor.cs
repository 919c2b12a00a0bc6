using System.Globalization;
using System.Text;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration;
using AgentOps.Core.Orchestration.Sla;
using AgentOps.Core.Persistence;
using AgentOps.Core.Triage;

namespace AgentOps.Core.Commands;

/// <summary>
/// Runs parsed commands against the store, whatever transport they came from. State changes go through the
/// state machines and are saved with optimistic concurrency (retried on a concurrent change).
/// </summary>
public sealed partial class CommandExecutor(
    IIncidentStore store,
    TimeProvider time,
    ISlaPolicy? slaPolicy = null,
    CommandServices? services = null)
{
    private const int MaxRetries = 3;

    // The most open incidents 'status' lists.
    private const int StatusLimit = 1000;

    /// <summary>Runs <paramref name="command"/> for <paramref name="actor"/>.</summary>
    /// <returns>The result; user errors (unknown incident, refused transition) are results with exit code 1, not exceptions.</returns>
    /// <exception cref="StoreException">The store cannot be used.</exception>
    public async Task<CommandResult> ExecuteAsync(ParsedCommand command, CommandActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        try
        {
            return command.Verb switch
            {
                "incident-new" => await NewIncidentAsync(command, actor, cancellationToken).ConfigureAwait(false),
                "incident-show" or "epic-show" => await ShowAsync(command, cancellationToken).ConfigureAwait(false),
                "incident-list" => await ListAsync(command, cancellationToken).ConfigureAwait(false),
                "incident-transition" => await TransitionAsync(command, actor, cancellationToken).ConfigureAwait(false),
                "prd-new" or "prd-parse" or "epic-decompose" => await PlanAsync(command, actor, cancellationToken).ConfigureAwait(false),
                "epic-status" => await EpicStatusAsync(command, cancellationToken).ConfigureAwait(false),
                "issue-start" => await TrackAsync(command, actor, TrackTrigger.Start, cancellationToken).ConfigureAwait(false),
                "issue-close" => await TrackAsync(command, actor, TrackTrigger.Complete, cancellationToken).ConfigureAwait(false),
                "issue-reopen" => await TrackAsync(command, actor, TrackTrigger.Reopen, cancellationToken).ConfigureAwait(false),
                "issue-block" => await TrackAsync(command, actor, TrackTrigger.Block, cancellationToken).ConfigureAwait(false),
                "issue-status" => await TrackStatusAsync(command, cancellationToken).ConfigureAwait(false),
                "status" => await StatusAsync(cancellationToken).ConfigureAwait(false),
                "standup" => await StandupAsync(cancellationToken).ConfigureAwait(false),
                "blocked" => await TrackListAsync("blocked", cancellationToken).ConfigureAwait(false),
                "next" => await TrackListAsync("next", cancellationToken).ConfigureAwait(false),
                "in-progress" => await TrackListAsync("in-progress", cancellationToken).ConfigureAwait(false),
                "search" => await SearchAsync(command, cancellationToken).ConfigureAwait(false),
                "help" => Help(command.Argument(0)),
                "ack" or "escalate" or "sla" or "comms-send" or "approve" or "postmortem" or "runbook" or "epic-sync" or "issue-sync" =>
                    await ExecuteOperationAsync(command, actor, services ?? new CommandServices(), cancellationToken).ConfigureAwait(false),
                _ => CommandResult.Usage($"'{command.Verb}' is not handled here."),
            };
        }
        catch (InvalidTransitionException ex)
        {
            return CommandResult.Failure(ex.Message);
        }
        catch (CommandFailedException ex)
        {
            return CommandResult.Failure(ex.Message);
        }
    }

    /// <summary>Help for all verbs, or for one.</summary>
    public static CommandResult Help(string? verb)
    {
        if (verb is not null)
        {
            var spec = CommandCatalog.Find(verb);
            if (spec is null)
            {
                var suggestion = CommandCatalog.Suggest(verb);
                return CommandResult.Usage($"Unknown command '{verb}'.{(suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?")}");
            }

            var options = spec.Options.Select(o => $"  --{o.Key,-10} {o.Value}");
            return CommandResult.Ok($"{spec.Usage}\n  {spec.Summary}\n{string.Join('\n', options)}".TrimEnd(), new { spec.Name, spec.Summary, usage = spec.Usage });
        }

        var sb = new StringBuilder("Commands (same grammar in the CLI 'agentops pm ...', chat '/pm ...' and GitHub comments '/pm:...'):\n");
        foreach (var spec in CommandCatalog.All)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {spec.Name,-20} {spec.Summary}\n");
        }

        return CommandResult.Ok(sb.ToString().TrimEnd(), CommandCatalog.All.Select(s => new { s.Name, s.Summary, usage = s.Usage }).ToList());
    }

    private async Task<CommandResult> NewIncidentAsync(ParsedCommand command, CommandActor actor, CancellationToken ct)
    {
        var priority = Priority.P3;
        if (command.Option("priority") is { } p && !Enum.TryParse(p, ignoreCase: true, out priority))
        {
            return CommandResult.Usage($"--priority must be P1, P2, P3 or P4, not '{p}'.");
        }

        var severity = (Severity)(int)priority;
        if (command.Option("severity") is { } s && !Enum.TryParse(s.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out severity))
        {
            return CommandResult.Usage($"--severity must be SEV1 to SEV4, not '{s}'.");
        }

        var now = time.GetUtcNow();
        Customer? customer = null;
        if (command.Option("customer") is { } email)
        {
            var at = email.IndexOf('@', StringComparison.Ordinal);
            if (at <= 0 || at == email.Length - 1)
            {
                return CommandResult.Usage($"--customer must be an email address, not '{email}'.");
            }

            customer = new Customer(email[..at], email, email[(at + 1)..].ToLowerInvariant());
        }

        var incident = new Incident
        {
            Id = await store.NextIncidentIdAsync(now, ct).ConfigureAwait(false),
            Title = command.Argument(0)!,
            Priority = priority,
            Severity = severity,
            Customer = customer,
            CreatedAt = now,
        };
        incident.Sla = slaPolicy?.Compute(priority, customer, now);
        incident.Record(now, actor.Name, actor.Source, "created", $"Incident opened by hand: {incident.Title}");
        new IncidentStateMachine(incident, time).Fire(IncidentTrigger.Triage, new TransitionContext(actor.Name, actor.Source));
        await store.SaveAsync(incident, null, ct).ConfigureAwait(false);
        await SyncTimersAsync(incident, ct).ConfigureAwait(false);
        return CommandResult.Ok($"Created {incident.Id} ({incident.Priority}, {incident.State}): {incident.Title}", IncidentViews.Summary(incident, now));
    }

    private async Task<CommandResult> ShowAsync(ParsedCommand command, CancellationToken ct)
    {
        var incident = await LoadAsync(command.Argument(0)!, ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return CommandResult.Ok(IncidentViews.Render(incident, now), IncidentViews.Detail(incident, now));
    }

    private async Task<CommandResult> ListAsync(ParsedCommand command, CancellationToken ct)
    {
        var query = new IncidentQuery { Limit = 50 };
        if (command.Option("state") is { } state)
        {
            if (!CommandWords.TryParse<IncidentState>(state, out var parsed))
            {
                return CommandResult.Usage($"--state must be one of {string.Join(", ", Enum.GetNames<IncidentState>().Select(CommandWords.ToKebab))}, not '{state}'.");
            }

            query = query with { States = [parsed] };
        }

        if (command.Option("limit") is { } limit)
        {
            if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 10_000)
            {
                return CommandResult.Usage($"--limit must be a number from 1 to 10000, not '{limit}'.");
            }

            query = query with { Limit = n };
        }

        var incidents = await store.ListSummariesAsync(query, ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var text = incidents.Count == 0 ? "No incidents." : string.Join('\n', incidents.Select(i => IncidentViews.Line(i, now)));
        return CommandResult.Ok(text, incidents.Select(i => IncidentViews.Summary(i, now)).ToList());
    }

    private async Task<CommandResult> TransitionAsync(ParsedCommand command, CommandActor actor, CancellationToken ct)
    {
        var word = command.Argument(1)!;
        if (!CommandWords.TryParse<IncidentTrigger>(word, out var trigger))
        {
            return CommandResult.Usage(
                $"Unknown trigger '{word}'. Triggers: {string.Join(", ", Enum.GetValues<IncidentTrigger>().Select(IncidentStateMachine.Verb))}.");
        }

        var incident = await MutateAsync(command.Argument(0)!, i =>
            new IncidentStateMachine(i, time).Fire(trigger, new TransitionContext(actor.Name, actor.Source, command.Option("reason"))), ct).ConfigureAwait(false);
        await SyncTimersAsync(incident, ct).ConfigureAwait(false);
        return CommandResult.Ok($"{incident.Id} is now {incident.State}.", IncidentViews.Summary(incident, time.GetUtcNow()));
    }

    private async Task<CommandResult> PlanAsync(ParsedCommand command, CommandActor actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        string message = string.Empty;
        var incident = await MutateAsync(command.Argument(0)!, i =>
        {
            switch (command.Verb)
            {
                case "prd-new":
                    i.Brief = InvestigationPlanner.CreateBrief(i, command.Option("name"));
                    message = $"Investigation brief '{i.Brief.Name}' written: {i.Brief.Hypotheses.Count} hypotheses, {i.Brief.ResolutionCriteria.Count} resolution criteria.";
                    break;
                case "prd-parse":
                    i.Brief ??= InvestigationPlanner.CreateBrief(i);
                    i.Plan = InvestigationPlanner.CreatePlan(i, i.Brief);
                    message = $"Investigation plan: {string.Join(", ", i.Plan.Components.Select(c => c.Kind))}.";
                    break;
                default:
                    i.Brief ??= InvestigationPlanner.CreateBrief(i);
                    i.Plan ??= InvestigationPlanner.CreatePlan(i, i.Brief);
                    var created = InvestigationPlanner.Decompose(i, i.Plan);
                    message = created.Count == 0
                        ? $"{i.Id} already has {i.Tracks.Count} tracks; nothing created."
                        : $"Created {created.Count} tracks: {string.Join(", ", created.Select(t => $"#{t.Number} {t.Kind}"))}.";
                    break;
            }

            i.Record(now, actor.Name, actor.Source, "plan", message, new Dictionary<string, string> { ["command"] = command.Verb });
        }, ct).ConfigureAwait(false);
        return CommandResult.Ok($"{incident.Id}: {message}", IncidentViews.Detail(incident, now));
    }

    private async Task<CommandResult> EpicStatusAsync(ParsedCommand command, CancellationToken ct)
    {
        var incident = await LoadAsync(command.Argument(0)!, ct).ConfigureAwait(false);
        var done = incident.Tracks.Count(t => t.State is TrackState.Done or TrackState.Cancelled);
        var percent = incident.Tracks.Count == 0 ? 0 : 100 * done / incident.Tracks.Count;
        var sb = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{incident.Id} {incident.State}: {done}/{incident.Tracks.Count} tracks done ({percent} %)\n"));
        foreach (var track in incident.Tracks)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {IncidentViews.TrackLine(incident, track)}\n");
        }

        return CommandResult.Ok(sb.ToString().TrimEnd(), new
        {
            incident = incident.Id,
            state = incident.State.ToString(),
            done,
            total = incident.Tracks.Count,
            percent,
            tracks = incident.Tracks.Select(t => IncidentViews.TrackView(incident, t)).ToList(),
        });
    }

    private async Task<CommandResult> TrackAsync(ParsedCommand command, CommandActor actor, TrackTrigger trigger, CancellationToken ct)
    {
        var (incidentId, number) = await ResolveTrackAsync(command, ct).ConfigureAwait(false);
        var incident = await MutateAsync(incidentId, i =>
        {
            var track = i.FindTrack(number) ?? throw new CommandFailedException($"{i.Id} has no track #{number}.");
            new TrackStateMachine(i, track, time).Fire(trigger, new TransitionContext(actor.Name, actor.Source, command.Option("reason")));
            if (trigger == TrackTrigger.Start && i.State is IncidentState.New or IncidentState.Triaged)
            {
                new IncidentStateMachine(i, time).Fire(IncidentTrigger.Investigate, new TransitionContext(actor.Name, actor.Source));
            }
        }, ct).ConfigureAwait(false);
        var updated = incident.FindTrack(number)!;
        return CommandResult.Ok($"{incident.Id} track #{number} ({updated.Kind}) is now {updated.State}.", IncidentViews.TrackView(incident, updated));
    }

    private async Task<CommandResult> TrackStatusAsync(ParsedCommand command, CancellationToken ct)
    {
        var (incidentId, number) = await ResolveTrackAsync(command, ct).ConfigureAwait(false);
        var incident = await LoadAsync(incidentId, ct).ConfigureAwait(false);
        var track = incident.FindTrack(number) ?? throw new CommandFailedException($"{incident.Id} has no track #{number}.");
        var sb = new StringBuilder(IncidentViews.TrackLine(incident, track));
        foreach (var finding in track.Findings)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n  - {finding.Claim} (confidence {finding.Confidence:0.00})");
        }

        return CommandResult.Ok(sb.ToString(), IncidentViews.TrackView(incident, track));
    }

    private async Task<CommandResult> StatusAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var open = await store.ListSummariesAsync(IncidentQuery.Open with { Limit = StatusLimit }, ct).ConfigureAwait(false);
        var outbox = await store.ListOutboxAsync(null, ct).ConfigureAwait(false);
        var pending = outbox.Count(m => m.Status == OutboxStatus.Pending);
        var dead = outbox.Where(m => m.Status == OutboxStatus.Dead).ToList();
        var sb = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Open incidents: {open.Count}"));
        foreach (var group in open.GroupBy(i => i.Priority).OrderBy(g => g.Key))
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n{group.Key}:");
            foreach (var incident in group)
            {
                sb.Append("\n  ").Append(IncidentViews.Line(incident, now));
            }
        }

        var breached = open.Where(i => i.Sla is { } s && s.ResolveBy < now).Select(i => i.Id).ToList();
        sb.Append(CultureInfo.InvariantCulture, $"\nSLA breached: {(breached.Count == 0 ? "none" : string.Join(", ", breached))}");
        // A list shorter than its limit holds every open incident: the SLA report is computed from it, not read again.
        var slaReport = services?.Sla is not { } sla ? null
            : open.Count < StatusLimit ? SlaReport.Create(open, now)
            : await sla.CreateReportAsync(ct).ConfigureAwait(false);
        if (slaReport is not null)
        {
            sb.Append('\n').Append(slaReport.Summary());
        }
        sb.Append(CultureInfo.InvariantCulture, $"\nOutbox: {pending} pending, {dead.Count} failed for good");
        foreach (var message in dead)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n  {message.Id} ({message.Kind}, {message.IncidentId}) after {message.Attempts} attempts: {message.LastError}");
        }

        return CommandResult.Ok(sb.ToString(), new
        {
            open = open.Select(i => IncidentViews.Summary(i, now)).ToList(),
            sla_breached = breached,
            sla = slaReport?.ToData(),
            outbox = new { pending, dead = dead.Select(m => new { m.Id, m.Kind, incident = m.IncidentId, m.Attempts, error = m.LastError }).ToList() },
        });
    }

    private async Task<CommandResult> StandupAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var since = now.AddHours(-24);
        var incidents = await store.ListAsync(new IncidentQuery { Limit = 1000 }, ct).ConfigureAwait(false);
        var recent = incidents
            .SelectMany(i => i.Timeline.Where(e => e.At >= since).Select(e => (Incident: i, Event: e)))
            .OrderBy(x => x.Event.At)
            .ToList();
        var lists = TrackLists(incidents);
        var sb = new StringBuilder("Last 24 h:");
        if (recent.Count == 0)
        {
            sb.Append(" nothing happened.");
        }

        foreach (var (incident, evt) in recent.TakeLast(50))
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n  {evt.At:HH:mm} {incident.Id} {evt.Actor}: {evt.Message}");
        }

        var slaReport = services?.Sla is { } sla ? await sla.CreateReportAsync(ct).ConfigureAwait(false) : null;
        if (slaReport is not null)
        {
            sb.Append('\n').Append(slaReport.Summary());
        }

        foreach (var (title, tracks) in new[] { ("In progress", lists.InProgress), ("Blocked", lists.Blocked), ("Next", lists.Next) })
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n{title}: {(tracks.Count == 0 ? "none" : string.Empty)}");
            foreach (var (incident, track) in tracks)
            {
                sb.Append("\n  ").Append(IncidentViews.TrackLine(incident, track));
            }
        }

        return CommandResult.Ok(sb.ToString(), new
        {
            since,
            sla = slaReport?.ToData(),
            events = recent.Select(x => new { incident = x.Incident.Id, at = x.Event.At, actor = x.Event.Actor, message = x.Event.Message }).ToList(),
            in_progress = lists.InProgress.Select(x => IncidentViews.TrackView(x.Incident, x.Track)).ToList(),
            blocked = lists.Blocked.Select(x => IncidentViews.TrackView(x.Incident, x.Track)).ToList(),
            next = lists.Next.Select(x => IncidentViews.TrackView(x.Incident, x.Track)).ToList(),
        });
    }

    private async Task<CommandResult> TrackListAsync(string which, CancellationToken ct)
    {
        var incidents = await store.ListAsync(IncidentQuery.Open with { Limit = 1000 }, ct).ConfigureAwait(false);
        var lists = TrackLists(incidents);
        var tracks = which switch
        {
            "blocked" => lists.Blocked,
            "next" => lists.Next,
            _ => lists.InProgress,
        };
        var text = tracks.Count == 0
            ? $"No {which} tracks."
            : string.Join('\n', tracks.Select(x => IncidentViews.TrackLine(x.Incident, x.Track)));
        return CommandResult.Ok(text, tracks.Select(x => IncidentViews.TrackView(x.Incident, x.Track)).ToList());
    }

    private async Task<CommandResult> SearchAsync(ParsedCommand command, CancellationToken ct)
    {
        var text = command.Argument(0)!;
        var incidents = await store.ListAsync(new IncidentQuery { Limit = 10_000 }, ct).ConfigureAwait(false);
        var hits = new List<(Incident Incident, string Where, string What)>();
        foreach (var incident in incidents)
        {
            if (incident.Id.Contains(text, StringComparison.OrdinalIgnoreCase) || incident.Title.Contains(text, StringComparison.OrdinalIgnoreCase))
            {
                hits.Add((incident, "title", incident.Title));
            }

            hits.AddRange(incident.Tracks.Where(t => t.Title.Contains(text, StringComparison.OrdinalIgnoreCase))
                .Select(t => (incident, $"track #{t.Number}", t.Title)));
            hits.AddRange(incident.Tracks.SelectMany(t => t.Findings).Where(f => f.Claim.Contains(text, StringComparison.OrdinalIgnoreCase))
                .Select(f => (incident, $"finding {f.Id}", f.Claim)));
            hits.AddRange(incident.Timeline.Where(e => e.Message.Contains(text, StringComparison.OrdinalIgnoreCase))
                .Select(e => (incident, $"timeline {e.Sequence}", Excerpt(e.Message, text))));
        }

        var output = hits.Count == 0 ? $"Nothing matches '{text}'." : string.Join('\n', hits.Take(100).Select(h => $"{h.Incident.Id} {h.Where}: {h.What}"));
        return CommandResult.Ok(output, hits.Select(h => new { incident = h.Incident.Id, where = h.Where, text = h.What }).ToList());
    }

    private static string Excerpt(string message, string text)
    {
        var firstLine = message.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.OrdinalIgnoreCase)) ?? message;
        return firstLine.Length > 160 ? firstLine[..160] + "…" : firstLine;
    }

    private static (List<(Incident Incident, Track Track)> InProgress, List<(Incident Incident, Track Track)> Blocked, List<(Incident Incident, Track Track)> Next) TrackLists(IEnumerable<Incident> incidents)
    {
        var inProgress = new List<(Incident, Track)>();
        var blocked = new List<(Incident, Track)>();
        var next = new List<(Incident, Track)>();
        foreach (var incident in incidents.Where(i => i.State is not (IncidentState.Closed or IncidentState.Resolved or IncidentState.PostMortem)))
        {
            foreach (var track in incident.Tracks)
            {
                if (track.State == TrackState.InProgress)
                {
                    inProgress.Add((incident, track));
                }
                else if (track.State == TrackState.Blocked
                    || (track.State == TrackState.Open && TrackStateMachine.PendingDependencies(incident, track).Count > 0))
                {
                    blocked.Add((incident, track));
                }
                else if (track.State == TrackState.Open)
                {
                    next.Add((incident, track));
                }
            }
        }

        return (inProgress, blocked, next);
    }

    private async Task<(string IncidentId, int Number)> ResolveTrackAsync(ParsedCommand command, CancellationToken ct)
    {
        var reference = command.Argument(0)!.TrimStart('#');
        var incidentId = command.Option("incident");
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        if (hash > 0)
        {
            incidentId = reference[..hash];
            reference = reference[(hash + 1)..];
        }

        if (!int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            throw new CommandFailedException($"'{command.Argument(0)}' is not a track: use a track number (3), INC-2026-0001#3 or a GitHub issue number.");
        }

        if (incidentId is not null)
        {
            return (incidentId.ToUpperInvariant(), number);
        }

        var open = await store.ListAsync(IncidentQuery.Open with { Limit = 1000 }, ct).ConfigureAwait(false);
        var byGitHub = open.SelectMany(i => i.Tracks.Where(t => t.GitHubIssueNumber == number).Select(t => (i.Id, t.Number))).ToList();
        if (byGitHub.Count == 1)
        {
            return byGitHub[0];
        }

        var withTrack = open.Where(i => i.FindTrack(number) is not null).ToList();
        return withTrack.Count switch
        {
            1 => (withTrack[0].Id, number),
            0 => throw new CommandFailedException($"No open incident has a track #{number}."),
            _ => throw new CommandFailedException(
                $"Track #{number} exists in {withTrack.Count} open incidents ({string.Join(", ", withTrack.Select(i => i.Id))}): add --incident <id> or write <id>#{number}."),
        };
    }

    /// <summary>Keeps the SLA timers in step with the incident (scheduled when open, removed when resolved or acknowledged).</summary>
    private async Task SyncTimersAsync(Incident incident, CancellationToken ct)
    {
        if (services?.Timers is { } timers)
        {
            await timers.SyncAsync(incident, ct).ConfigureAwait(false);
        }
    }

    private async Task<Incident> LoadAsync(string incidentId, CancellationToken ct) =>
        await store.FindAsync(incidentId.ToUpperInvariant(), ct).ConfigureAwait(false)
            ?? throw new CommandFailedException($"No incident {incidentId}. 'pm incident-list' shows the incidents.");

    private async Task<Incident> MutateAsync(string incidentId, Action<Incident> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var incident = await LoadAsync(incidentId, ct).ConfigureAwait(false);
            change(incident);
            try
            {
                await store.SaveAsync(incident, null, ct).ConfigureAwait(false);
                return incident;
            }
            catch (ConcurrencyException) when (attempt < MaxRetries)
            {
                // Someone else saved in between: reload and apply the command again on the fresh state.
            }
        }
    }
}
