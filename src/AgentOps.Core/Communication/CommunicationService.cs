using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Core.Communication;

/// <summary>
/// Drafts customer emails and internal alerts from an incident, checks every draft, keeps drafts for approval when
/// configured and queues approved ones in the incident store's outbox, in the same save as the incident.
/// Every step is a timeline event.
/// </summary>
public sealed class CommunicationService : IOutboxDeliveryListener
{
    /// <summary>Prefix of outbox message ids that deliver a communication: <c>OUT-</c> + communication id.</summary>
    public const string OutboxPrefix = "OUT-";

    private const int SaveAttempts = 3;
    private readonly IIncidentStore _store;
    private readonly ICommunicationDrafter _drafter;
    private readonly DraftChecker _checker;
    private readonly CommunicationOptions _options;
    private readonly CommunicationFactsBuilder _facts;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    public CommunicationService(IIncidentStore store, ICommunicationDrafter drafter, DraftChecker checker, CommunicationOptions options, TimeProvider time)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _drafter = drafter ?? throw new ArgumentNullException(nameof(drafter));
        _checker = checker ?? throw new ArgumentNullException(nameof(checker));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _facts = new CommunicationFactsBuilder(options);
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>
    /// Drafts and (unless acknowledgements need approval) queues the acknowledgement email of an incident whose priority is in
    /// <see cref="CommunicationOptions.AutoAcknowledgePriorities"/>. Does nothing when the incident has no customer, another
    /// priority, or already has an acknowledgement.
    /// </summary>
    public Task<CommunicationResult> AcknowledgeIfDueAsync(string incidentId, CancellationToken cancellationToken = default) =>
        MutateAsync(incidentId, async (incident, changes, ct) =>
        {
            if (!_options.AutoAcknowledged().Contains(incident.Priority))
            {
                return new CommunicationResult(false, $"{incident.Id} is {incident.Priority}: no automatic acknowledgement (Communication:AutoAcknowledgePriorities = {_options.AutoAcknowledgePriorities}).", []);
            }

            if (incident.Communications.Any(c => c.Kind == CommunicationKind.Acknowledgement))
            {
                return new CommunicationResult(true, $"{incident.Id} already has an acknowledgement.", []);
            }

            var now = _time.GetUtcNow();
            if (now - incident.CreatedAt > _options.AcknowledgeWithin)
            {
                return new CommunicationResult(false, $"No automatic acknowledgement: {incident.Id} was opened {DurationText.Format(now - incident.CreatedAt)} ago, "
                    + $"longer than Communication:AcknowledgeWithin ({DurationText.Format(_options.AcknowledgeWithin)}); draft one by hand if it is still wanted.", []);
            }

            var result = await DraftCustomerEmailCoreAsync(incident, changes, CommunicationKind.Acknowledgement, "agentops", "system", null, ct).ConfigureAwait(false);
            if (incident.Sla is { } sla && now > sla.AcknowledgeBy)
            {
                incident.Record(now, "agentops", "system", "communication", $"Acknowledgement drafted {DurationText.Format(now - sla.AcknowledgeBy)} after the acknowledgement deadline.");
            }

            return result;
        }, cancellationToken);

    /// <summary>Drafts a customer email of <paramref name="kind"/> (acknowledgement, status update or resolution) to the incident's customer.</summary>
    /// <param name="incidentId">The incident.</param>
    /// <param name="kind">Any kind but <see cref="CommunicationKind.InternalAlert"/>.</param>
    /// <param name="actor">Who asked for it.</param>
    /// <param name="source">Where the request came from (<c>cli</c>, <c>chat</c>, <c>github</c>, <c>system</c>).</param>
    /// <param name="note">Text a person adds to a status update.</param>
    /// <param name="cancellationToken">Cancels drafting and saving.</param>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is an internal alert.</exception>
    public Task<CommunicationResult> DraftCustomerEmailAsync(
        string incidentId,
        CommunicationKind kind,
        string actor,
        string source,
        string? note = null,
        CancellationToken cancellationToken = default)
    {
        if (kind == CommunicationKind.InternalAlert)
        {
            throw new ArgumentException("Internal alerts are raised with RaiseInternalAlertAsync.", nameof(kind));
        }

        return MutateAsync(incidentId, (incident, changes, ct) => DraftCustomerEmailCoreAsync(incident, changes, kind, actor, source, note, ct), cancellationToken);
    }

    /// <summary>Raises the internal alert (seed 004's "🚨 ALERTE P1") on every channel of <see cref="CommunicationOptions.Alerts"/>.</summary>
    public Task<CommunicationResult> RaiseInternalAlertAsync(string incidentId, string actor, string source, CancellationToken cancellationToken = default) =>
        MutateAsync(incidentId, async (incident, changes, ct) =>
        {
            var now = _time.GetUtcNow();
            if (_options.Alerts.Count == 0)
            {
                incident.Record(now, actor, source, "communication", "Internal alert not sent: no channel configured (Communication:Alerts).");
                return new CommunicationResult(false, "No alert channel configured (Communication:Alerts).", []);
            }

            var language = _options.DefaultLanguage;
            var facts = _facts.Build(incident, CommunicationKind.InternalAlert, language, now);
            var draft = await _drafter.DraftAsync(facts, ct).ConfigureAwait(false);
            var title = draft.Body.Split('\n', 2)[0].Trim();
            var created = new List<Model.Communication>();
            foreach (var channel in _options.Alerts)
            {
                var communication = new Model.Communication
                {
                    Id = NextId(incident),
                    Kind = CommunicationKind.InternalAlert,
                    Channel = channel.Type,
                    To = channel.Type == "email" ? channel.Target : channel.Name,
                    Subject = title,
                    Body = draft.Body,
                    Language = facts.Language,
                    CreatedAt = now,
                };
                incident.Communications.Add(communication);
                Settle(incident, changes, communication, facts, draft.Engine, actor, source);
                created.Add(communication);
            }

            return new CommunicationResult(true, Summary(created), created);
        }, cancellationToken);

    /// <summary>
    /// Approves a draft and queues it in the outbox. The draft is checked again first (it may have been edited):
    /// a held or failing draft is not queued. Approving a queued or sent communication changes nothing.
    /// </summary>
    /// <param name="incidentId">The incident.</param>
    /// <param name="communicationId">The communication, e.g. <c>C-INC-2026-0001-2</c>.</param>
    /// <param name="actor">Who approves (recorded on the timeline).</param>
    /// <param name="source"><c>cli</c>, <c>chat</c>, <c>github</c>...</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    public Task<CommunicationResult> ApproveAndQueueAsync(string incidentId, string communicationId, string actor, string source, CancellationToken cancellationToken = default) =>
        MutateAsync(incidentId, (incident, changes, _) =>
        {
            var communication = incident.Communications.Find(c => string.Equals(c.Id, communicationId, StringComparison.OrdinalIgnoreCase));
            if (communication is null)
            {
                var known = string.Join(", ", incident.Communications.Select(c => $"{c.Id} ({c.Kind}, {c.Status})"));
                return Task.FromResult(CommunicationResult.Fail($"{incident.Id} has no communication {communicationId}. Known: {(known.Length == 0 ? "none" : known)}."));
            }

            switch (communication.Status)
            {
                case CommunicationStatus.Queued or CommunicationStatus.Sent:
                    return Task.FromResult(new CommunicationResult(true, $"{communication.Id} is already {communication.Status.ToString().ToLowerInvariant()}.", [communication]));
                case CommunicationStatus.Failed:
                    return Task.FromResult(CommunicationResult.Fail($"{communication.Id} failed to send ({communication.StatusReason}); its outbox message is kept as dead, see status."));
            }

            var facts = _facts.Build(incident, communication.Kind, communication.Language, _time.GetUtcNow());
            var check = _checker.Check(communication.Subject, communication.Body, facts.Required);
            var now = _time.GetUtcNow();
            if (!check.Passed)
            {
                communication.Status = CommunicationStatus.Held;
                communication.StatusReason = check.Reason;
                incident.Record(now, actor, source, "communication", $"{communication.Id} not sent: held ({check.Reason}).", Data(communication));
                return Task.FromResult(new CommunicationResult(false, $"{communication.Id} is held and was not sent: {check.Reason}", [communication]));
            }

            incident.Record(now, actor, source, "communication", $"{communication.Id} approved by {actor}.", Data(communication));
            Queue(incident, changes, communication, actor, source);
            return Task.FromResult(new CommunicationResult(true, $"{communication.Id} approved and queued for {communication.To}.", [communication]));
        }, cancellationToken);

    /// <inheritdoc />
    public Task OnDeliveredAsync(OutboxMessage message, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.Id.StartsWith(OutboxPrefix, StringComparison.Ordinal))
        {
            return Task.CompletedTask;
        }

        var communicationId = message.Id[OutboxPrefix.Length..];
        return MutateAsync(message.IncidentId, (incident, _, _) =>
        {
            var communication = incident.Communications.Find(c => c.Id == communicationId);
            if (communication is null || communication.Status == CommunicationStatus.Sent)
            {
                return Task.FromResult(CommunicationResult.Fail("nothing to mark"));
            }

            communication.Status = CommunicationStatus.Sent;
            communication.StatusReason = null;
            communication.SentAt = at;
            incident.Record(at, "agentops", "outbox", "communication", $"{communication.Id} sent to {communication.To} ({communication.Channel}).", Data(communication));
            return Task.FromResult(new CommunicationResult(true, "sent", [communication]));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task OnFailedAsync(OutboxMessage message, string error, int attempt, bool dead, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.Id.StartsWith(OutboxPrefix, StringComparison.Ordinal) || (!dead && attempt > 1))
        {
            // One timeline event for the first failure and one when giving up: retries in between are in the outbox.
            return Task.CompletedTask;
        }

        var communicationId = message.Id[OutboxPrefix.Length..];
        return MutateAsync(message.IncidentId, (incident, _, _) =>
        {
            var communication = incident.Communications.Find(c => c.Id == communicationId);
            if (communication is null)
            {
                return Task.FromResult(CommunicationResult.Fail("unknown communication"));
            }

            communication.StatusReason = error;
            if (dead)
            {
                communication.Status = CommunicationStatus.Failed;
            }

            var text = dead
                ? $"{communication.Id} could not be sent after {attempt} attempt(s): {error}. Kept in the outbox as dead."
                : $"{communication.Id} delivery failed ({error}); retrying.";
            incident.Record(at, "agentops", "outbox", "communication", text, Data(communication));
            return Task.FromResult(new CommunicationResult(true, text, [communication]));
        }, cancellationToken);
    }

    private async Task<CommunicationResult> DraftCustomerEmailCoreAsync(
        Incident incident,
        ChangeSet changes,
        CommunicationKind kind,
        string actor,
        string source,
        string? note,
        CancellationToken cancellationToken)
    {
        if (incident.Customer is null || string.IsNullOrWhiteSpace(incident.Customer.Email))
        {
            return CommunicationResult.Fail($"{incident.Id} has no customer email address to write to.");
        }

        var now = _time.GetUtcNow();
        var language = _facts.CustomerLanguage(incident);
        var facts = _facts.Build(incident, kind, language, now, note);
        var draft = await _drafter.DraftAsync(facts, cancellationToken).ConfigureAwait(false);
        var communication = new Model.Communication
        {
            Id = NextId(incident),
            Kind = kind,
            Channel = "email",
            To = incident.Customer.Email,
            Subject = CommunicationFactsBuilder.CustomerSubject(incident, kind, language),
            Body = draft.Body,
            Language = facts.Language,
            InReplyTo = CustomerMessageIds(incident).LastOrDefault(),
            CreatedAt = now,
        };
        incident.Communications.Add(communication);
        Settle(incident, changes, communication, facts, draft.Engine, actor, source);
        return new CommunicationResult(communication.Status != CommunicationStatus.Held, Summary([communication]), [communication]);
    }

    private void Settle(Incident incident, ChangeSet changes, Model.Communication communication, CommunicationFacts facts, string engine, string actor, string source)
    {
        var now = _time.GetUtcNow();
        var check = _checker.Check(communication.Subject, communication.Body, facts.Required);
        var data = new Dictionary<string, string>(Data(communication)) { ["engine"] = engine };
        if (!check.Passed)
        {
            communication.Status = CommunicationStatus.Held;
            communication.StatusReason = check.Reason;
            incident.Record(now, actor, source, "communication", $"{Label(communication)} {communication.Id} held, not sent: {check.Reason}.", data);
            return;
        }

        if (_options.RequireApproval.IsRequired(communication.Kind))
        {
            communication.Status = CommunicationStatus.Draft;
            incident.Record(now, actor, source, "communication", $"{Label(communication)} {communication.Id} drafted for {communication.To}; waiting for approval (agentops pm comms-send {incident.Id} {communication.Id}).", data);
            return;
        }

        incident.Record(now, actor, source, "communication", $"{Label(communication)} {communication.Id} drafted for {communication.To}.", data);
        Queue(incident, changes, communication, actor, source);
    }

    private void Queue(Incident incident, ChangeSet changes, Model.Communication communication, string actor, string source)
    {
        var now = _time.GetUtcNow();
        var outboxId = OutboxPrefix + communication.Id;
        OutboxMessage message;
        if (communication.Channel == "email")
        {
            var messageId = $"{outboxId}@{Domain(_options.From)}";
            var references = communication.Kind == CommunicationKind.InternalAlert ? [] : CustomerMessageIds(incident);
            var payload = new EmailPayload(messageId, _options.From, _options.FromName, [communication.To], communication.Subject, communication.Body)
            {
                InReplyTo = communication.InReplyTo,
                References = references,
                IncidentId = incident.Id,
                CommunicationId = communication.Id,
                Language = communication.Language,
            };
            message = new OutboxMessage(outboxId, incident.Id, "email", payload.ToJson(), now) { NextAttemptAt = now };
            changes.MessageIds.Add(messageId);
        }
        else
        {
            var channel = _options.Alerts.Find(a => a.Name == communication.To);
            var payload = new AlertPayload(communication.To, channel?.Type ?? communication.Channel, communication.Subject, communication.Body)
            {
                Fields = AlertFields(incident, communication.Language),
                IncidentId = incident.Id,
                CommunicationId = communication.Id,
                Priority = incident.Priority.ToString(),
            };
            message = new OutboxMessage(outboxId, incident.Id, "webhook", payload.ToJson(), now) { NextAttemptAt = now };
        }

        changes.Outbox.Add(message);
        communication.Status = CommunicationStatus.Queued;
        communication.StatusReason = null;
        incident.Record(now, actor, source, "communication", $"{communication.Id} queued for delivery ({message.Kind} to {communication.To}).", Data(communication));
    }

    private IReadOnlyList<AlertField> AlertFields(Incident incident, string language)
    {
        var fr = language == "fr";
        var facts = _facts.Build(incident, CommunicationKind.InternalAlert, language, _time.GetUtcNow());
        var v = facts.Variables;
        return
        [
            new("Incident", incident.Id),
            new(fr ? "Client" : "Customer", v["customer_domain"]),
            new("Impact", v["impact"]),
            new("SLA", $"{v["sla_target"]} (Deadline: {v["sla_deadline"]})"),
            new(fr ? "Assigné" : "Assigned", v["assignees"]),
        ];
    }

    private async Task<CommunicationResult> MutateAsync(
        string incidentId,
        Func<Incident, ChangeSet, CancellationToken, Task<CommunicationResult>> mutate,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var incident = await _store.FindAsync(incidentId, cancellationToken).ConfigureAwait(false);
            if (incident is null)
            {
                return CommunicationResult.Fail($"No incident {incidentId}.");
            }

            var changes = new ChangeSet();
            var before = incident.Timeline.Count;
            var result = await mutate(incident, changes, cancellationToken).ConfigureAwait(false);
            if (incident.Timeline.Count == before && changes.Outbox.Count == 0)
            {
                return result;
            }

            try
            {
                await _store.SaveAsync(incident, changes, cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (ConcurrencyException) when (attempt < SaveAttempts)
            {
                // Someone else saved the incident meanwhile: reload and redo the change on the fresh copy.
            }
        }
    }

    private static IReadOnlyList<string> CustomerMessageIds(Incident incident) =>
        incident.MessageIds.Where(id => !id.StartsWith(OutboxPrefix, StringComparison.Ordinal)).ToList();

    private static string NextId(Incident incident)
    {
        var n = incident.Communications.Count + 1;
        while (incident.Communications.Any(c => c.Id == $"C-{incident.Id}-{n}"))
        {
            n++;
        }

        return $"C-{incident.Id}-{n}";
    }

    private static string Domain(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? "agentops" : address[(at + 1)..].Trim('>', ' ');
    }

    private static string Label(Model.Communication communication) => communication.Kind switch
    {
        CommunicationKind.Acknowledgement => "Acknowledgement",
        CommunicationKind.StatusUpdate => "Status update",
        CommunicationKind.Resolution => "Resolution email",
        _ => $"Internal alert ({communication.Channel})",
    };

    private static Dictionary<string, string> Data(Model.Communication communication) => new()
    {
        ["communication"] = communication.Id,
        ["kind"] = communication.Kind.ToString(),
        ["channel"] = communication.Channel,
        ["status"] = communication.Status.ToString(),
    };

    private static string Summary(IReadOnlyList<Model.Communication> communications) =>
        string.Join(" ", communications.Select(c => c.Status switch
        {
            CommunicationStatus.Held => $"{c.Id} held: {c.StatusReason}.",
            CommunicationStatus.Draft => $"{c.Id} drafted; approve with: agentops pm comms-send {c.Id}.",
            _ => $"{c.Id} {c.Status.ToString().ToLowerInvariant()} for {c.To}.",
        }));
}
