using System.Globalization;
using System.Text.RegularExpressions;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration;
using AgentOps.Core.Orchestration.Sla;
using AgentOps.Core.Persistence;
using AgentOps.Core.Telemetry;
using AgentOps.Core.Triage;

namespace AgentOps.Core.Intake;

/// <summary>
/// The intake stage: turns one email into a new triaged incident, or adds it to the incident it belongs to
/// (reply, <c>[INC-…]</c> subject tag, burst of similar mails), or reports it as a duplicate. Never throws for a bad
/// email: any failure becomes a <see cref="IntakeStatus.Quarantined"/> outcome with a reason, so the source can keep
/// the message aside and go on. Text inside an email (a <c>/pm:</c> command, an instruction) is only ever classified.
/// </summary>
public sealed partial class IntakeService
{
    private const string Actor = "triage";
    private const string Channel = "email";
    private const int FingerprintCacheSize = 4096;

    private readonly IEmailParser _parser;
    private readonly IIncidentStore _store;
    private readonly ITriageClassifier _classifier;
    private readonly ISlaPolicy _slaPolicy;
    private readonly ICustomerDirectory _customers;
    private readonly TimeProvider _time;
    private readonly IntakeOptions _options;
    private readonly ISlaTimers? _timers;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, HashSet<string>> _fingerprints = new(StringComparer.Ordinal);

    public IntakeService(
        IEmailParser parser,
        IIncidentStore store,
        ITriageClassifier classifier,
        ISlaPolicy slaPolicy,
        ICustomerDirectory customers,
        TimeProvider time,
        IntakeOptions options,
        ISlaTimers? timers = null)
    {
        _timers = timers;
        _parser = parser;
        _store = store;
        _classifier = classifier;
        _slaPolicy = slaPolicy;
        _customers = customers;
        _time = time;
        _options = options;
    }

    /// <summary>Parses the raw bytes of an email and processes it.</summary>
    /// <returns>The outcome; <see cref="IntakeStatus.Quarantined"/> with a reason when the email is unusable or a stage failed.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing was committed for this email.</exception>
    public async Task<IntakeOutcome> ProcessAsync(Stream raw, IntakeContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(context);
        InboundEmail email;
        try
        {
            email = _parser.Parse(raw, cancellationToken);
        }
        catch (EmailRejectedException ex)
        {
            return IntakeOutcome.Quarantine(context.Source, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return IntakeOutcome.Quarantine(context.Source, $"The email could not be parsed ({ex.GetType().Name}: {ex.Message}).");
        }

        return await ProcessAsync(email, context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Processes a parsed email: duplicate, reply, burst, or new incident.</summary>
    /// <returns>The outcome; <see cref="IntakeStatus.Quarantined"/> with a reason when a stage (store, classifier, SLA…) failed.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing was committed for this email.</exception>
    public async Task<IntakeOutcome> ProcessAsync(InboundEmail email, IntakeContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(context);
        AgentOpsMetrics.RecordSignal("email");
        var stage = "store lookup";
        try
        {
            var owner = await _store.FindIncidentByMessageIdAsync(email.MessageId, cancellationToken).ConfigureAwait(false);
            if (owner is not null)
            {
                return Duplicate(email, context, owner);
            }

            stage = "threading";
            var (threadId, how) = await FindThreadAsync(email, cancellationToken).ConfigureAwait(false);
            if (threadId is not null)
            {
                stage = "update of " + threadId;
                return await AppendAsync(threadId, email, context, how, countsAsSignal: false, cancellationToken).ConfigureAwait(false);
            }

            stage = "customer lookup";
            var customer = _customers.Resolve(email.FromAddress, email.FromName);
            stage = "sender history";
            var history = await _store.ListAsync(
                new IncidentQuery { CustomerDomain = customer.Domain, Limit = _options.HistoryLimit },
                cancellationToken).ConfigureAwait(false);
            stage = "burst correlation";
            var words = TextSimilarity.Words(email.Subject + " " + email.TextForTriage);
            var burstId = await FindBurstAsync(TextSimilarity.Words(email.Subject), words, customer, history, cancellationToken).ConfigureAwait(false);
            if (burstId is not null)
            {
                stage = "update of " + burstId;
                return await AppendAsync(burstId, email, context, "burst", countsAsSignal: true, cancellationToken).ConfigureAwait(false);
            }

            return await CreateAsync(email, context, customer, history, words, s => stage = s, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return IntakeOutcome.Quarantine(context.Source, $"Intake failed during {stage}: {ex.GetType().Name}: {ex.Message}", email.MessageId) with
            {
                Retryable = ex is StoreException or ConcurrencyException or TimeoutException,
            };
        }
    }

    private async Task<(string? IncidentId, string How)> FindThreadAsync(InboundEmail email, CancellationToken cancellationToken)
    {
        foreach (var target in email.ReplyTargets)
        {
            var id = await _store.FindIncidentByMessageIdAsync(target, cancellationToken).ConfigureAwait(false);
            if (id is not null)
            {
                return (id, "reply");
            }
        }

        foreach (Match match in IncidentTag().Matches(email.Subject))
        {
            var tagged = await _store.FindAsync(match.Groups[1].Value, cancellationToken).ConfigureAwait(false);
            if (tagged is not null)
            {
                return (tagged.Id, "subject-tag");
            }
        }

        return (null, "new");
    }

    private async Task<string?> FindBurstAsync(HashSet<string> subject, HashSet<string> words, Customer customer, IReadOnlyList<Incident> history, CancellationToken cancellationToken)
    {
        if (_options.BurstWindow <= TimeSpan.Zero || history.Count == 0)
        {
            return null;
        }

        var since = _time.GetUtcNow() - _options.BurstWindow;
        var open = IncidentQuery.Open.States;

        // A history shorter than the limit is complete: the recent open incidents are among it, no second query needed.
        var recent = history.Count < _options.HistoryLimit
            ? history.Where(i => i.CreatedAt >= since && open.Contains(i.State)).ToList()
            : await _store.ListAsync(
                IncidentQuery.Open with { CustomerDomain = customer.Domain, CreatedSince = since, Limit = _options.HistoryLimit },
                cancellationToken).ConfigureAwait(false);
        if (recent.Count == 0)
        {
            return null;
        }

        string? best = null;
        var bestScore = 0.0;
        foreach (var candidate in recent)
        {
            // The subjects must look alike too, so that a shared boilerplate (disclaimer, list footer) does not fold unrelated mails.
            var title = TextSimilarity.Words(candidate.Title);
            if ((subject.Count > 0 || title.Count > 0) && TextSimilarity.Jaccard(subject, title) < _options.BurstSimilarity / 2)
            {
                continue;
            }

            var fingerprint = await FingerprintAsync(candidate, cancellationToken).ConfigureAwait(false);
            var score = TextSimilarity.Jaccard(words, fingerprint);
            if (score >= _options.BurstSimilarity && score > bestScore)
            {
                (best, bestScore) = (candidate.Id, score);
            }
        }

        return best;
    }

    /// <summary>
    /// The words of an incident's title and first email, which never change once saved: cached per incident so that a
    /// burst does not reload every candidate's timeline for every new mail.
    /// </summary>
    private async Task<HashSet<string>> FingerprintAsync(Incident candidate, CancellationToken cancellationToken)
    {
        if (_fingerprints.TryGetValue(candidate.Id, out var cached))
        {
            return cached;
        }

        var incident = candidate.Timeline.Count > 0
            ? candidate
            : await _store.FindAsync(candidate.Id, cancellationToken).ConfigureAwait(false) ?? candidate;
        var firstBody = incident.Timeline.FirstOrDefault(e => e.Source == Channel && e.Data.ContainsKey("body"))?.Data["body"] ?? string.Empty;
        var words = TextSimilarity.Words(incident.Title + " " + firstBody);
        Remember(candidate.Id, words);
        return words;
    }

    private void Remember(string incidentId, HashSet<string> words)
    {
        if (_fingerprints.Count >= FingerprintCacheSize)
        {
            _fingerprints.Clear();
        }

        _fingerprints[incidentId] = words;
    }

    private async Task<IntakeOutcome> CreateAsync(InboundEmail email, IntakeContext context, Customer customer, IReadOnlyList<Incident> history, HashSet<string> words, Action<string> setStage, CancellationToken cancellationToken)
    {
        var previous = history.Count(i => string.Equals(i.Customer?.Email, email.FromAddress, StringComparison.OrdinalIgnoreCase));

        setStage($"triage ({_classifier.Name})");
        var input = new TriageInput(email.Subject, email.TextForTriage)
        {
            Customer = customer,
            PreviousIncidents = previous,
            AttachmentNames = email.Attachments.Select(a => a.Name).ToList(),
        };
        var triageStarted = _time.GetTimestamp();
        var triage = await _classifier.ClassifyAsync(input, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Classifier '{_classifier.Name}' returned no result.");
        AgentOpsMetrics.RecordTriage(_time.GetElapsedTime(triageStarted), triage.Priority);

        setStage("SLA policy");
        var now = _time.GetUtcNow();
        var sla = _slaPolicy.Compute(triage.Priority, customer, now);

        setStage("incident id allocation");
        var id = await _store.NextIncidentIdAsync(now, cancellationToken).ConfigureAwait(false);
        var incident = new Incident
        {
            Id = id,
            Title = TitleOf(email),
            CreatedAt = now,
            Priority = triage.Priority,
            Severity = (Severity)(int)triage.Priority,
            Customer = customer,
            Sla = sla,
            Triage = triage,
            SignalCount = 1,
        };
        incident.MessageIds.Add(email.MessageId);
        RecordEmail(incident, email, context, "new");

        setStage("triage transition");
        new IncidentStateMachine(incident, _time).Fire(
            IncidentTrigger.Triage,
            new TransitionContext(Actor, Channel, string.Create(CultureInfo.InvariantCulture, $"{triage.Priority} {triage.Intent} by {triage.Classifier} (confidence {triage.Confidence:0.00})")));

        setStage("save");
        await _store.SaveAsync(incident, ChangesFor(email, context), cancellationToken).ConfigureAwait(false);
        Remember(incident.Id, words);
        var reasons = triage.Reasons;
        if (_timers is not null)
        {
            // The incident is committed: a scheduler failure must not quarantine the email; the stale sweep reschedules.
            try
            {
                await _timers.SyncAsync(incident, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                reasons = [.. reasons, $"SLA timers not scheduled now ({ex.GetType().Name}); the stale-incident sweep will schedule them."];
            }
        }

        return Outcome(IntakeStatus.Created, incident, email, context, "new", reasons);
    }

    private async Task<IntakeOutcome> AppendAsync(string incidentId, InboundEmail email, IntakeContext context, string how, bool countsAsSignal, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var incident = await _store.FindAsync(incidentId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Incident {incidentId} disappeared while the email was being added.");
            if (incident.MessageIds.Contains(email.MessageId, StringComparer.Ordinal))
            {
                return Duplicate(email, context, incident.Id);
            }

            if (countsAsSignal)
            {
                incident.SignalCount++;
            }

            incident.MessageIds.Add(email.MessageId);
            RecordEmail(incident, email, context, how);
            try
            {
                await _store.SaveAsync(incident, ChangesFor(email, context), cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyException) when (attempt < _options.ConcurrencyRetries)
            {
                continue;
            }

            var why = how switch
            {
                "reply" => $"Reply to a message of {incident.Id}: added to its timeline.",
                "subject-tag" => $"Subject names [{incident.Id}]: added to its timeline.",
                _ => $"Similar to {incident.Id} from the same customer within {_options.BurstWindow.TotalMinutes:0} min: folded ({incident.SignalCount} signals).",
            };
            return Outcome(IntakeStatus.Updated, incident, email, context, how, [why]);
        }
    }

    private void RecordEmail(Incident incident, InboundEmail email, IntakeContext context, string how)
    {
        var now = _time.GetUtcNow();
        var data = new Dictionary<string, string>
        {
            ["message_id"] = email.MessageId,
            ["from"] = email.FromAddress,
            ["from_name"] = email.FromName,
            ["to"] = string.Join(", ", email.To),
            ["subject"] = email.Subject,
            ["correlation"] = how,
            ["origin"] = context.Source,
            ["body"] = Cap(email.TextForTriage),
            ["raw"] = Cap(email.RawText),
        };
        if (email.Date is { } date)
        {
            data["date"] = date.ToString("O", CultureInfo.InvariantCulture);
        }

        if (email.Notes.Count > 0)
        {
            data["notes"] = string.Join("; ", email.Notes);
        }

        var label = how switch
        {
            "reply" or "subject-tag" => "Reply",
            "burst" => "Similar email",
            _ => "Email",
        };
        incident.Record(now, email.FromAddress, Channel, "signal", $"{label} from {email.FromAddress}: {email.Subject}", data);
        foreach (var attachment in email.Attachments)
        {
            incident.Record(
                now,
                email.FromAddress,
                Channel,
                "evidence",
                $"Attachment {attachment.Name}{(attachment.Truncated ? " (truncated)" : string.Empty)}",
                new Dictionary<string, string>
                {
                    ["message_id"] = email.MessageId,
                    ["name"] = attachment.Name,
                    ["content_type"] = attachment.ContentType,
                    ["truncated"] = attachment.Truncated ? "true" : "false",
                    ["content"] = Cap(attachment.Content),
                });
        }
    }

    private static ChangeSet ChangesFor(InboundEmail email, IntakeContext context)
    {
        var changes = new ChangeSet();
        changes.MessageIds.Add(email.MessageId);
        foreach (var (key, value) in context.Checkpoints)
        {
            changes.Checkpoints[key] = value;
        }

        return changes;
    }

    private static IntakeOutcome Duplicate(InboundEmail email, IntakeContext context, string incidentId) => new()
    {
        Status = IntakeStatus.Duplicate,
        Source = context.Source,
        MessageId = email.MessageId,
        IncidentId = incidentId,
        Correlation = "duplicate",
        Reasons = [$"Message-Id <{email.MessageId}> was already processed ({incidentId}): ignored."],
    };

    private static IntakeOutcome Outcome(IntakeStatus status, Incident incident, InboundEmail email, IntakeContext context, string how, IReadOnlyList<string> reasons) => new()
    {
        Status = status,
        Source = context.Source,
        MessageId = email.MessageId,
        IncidentId = incident.Id,
        Correlation = how,
        Priority = incident.Priority,
        Intent = incident.Triage?.Intent,
        SlaDeadline = incident.Sla?.ResolveBy,
        Confidence = incident.Triage?.Confidence,
        Reasons = reasons,
        Skills = incident.Triage?.Skills ?? [],
        SignalCount = incident.SignalCount,
    };

    private static string TitleOf(InboundEmail email)
    {
        var title = email.Subject.Trim();
        if (title.Length == 0)
        {
            title = email.TextForTriage.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no subject)";
        }

        return title.Length <= 200 ? title : title[..200];
    }

    private string Cap(string text) => text.Length <= _options.MaxTimelineTextChars ? text : text[.._options.MaxTimelineTextChars];

    [GeneratedRegex(@"\[(INC-\d{4}-\d{1,8})\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IncidentTag();
}
