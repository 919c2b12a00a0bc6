using System.Collections.Concurrent;
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
    private const int IncidentCacheSize = 128;
    private const int BoundCheckInterval = 64;

    private readonly IEmailParser _parser;
    private readonly IIncidentStore _store;
    private readonly ITriageClassifier _classifier;
    private readonly ISlaPolicy _slaPolicy;
    private readonly ICustomerDirectory _customers;
    private readonly TimeProvider _time;
    private readonly IntakeOptions _options;
    private readonly ISlaTimers? _timers;
    private readonly ConcurrentDictionary<string, HashSet<string>> _fingerprints = new(StringComparer.Ordinal);

    // Incidents as this service last committed them, so that the next email of a thread or burst does not reload the
    // whole timeline; a copy another writer changed since fails its optimistic save and is then read from the store.
    private readonly ConcurrentDictionary<string, Incident> _recent = new(StringComparer.Ordinal);

    // The sender history each sender had at its last email, to classify the next ones ahead of their turn.
    private readonly ConcurrentDictionary<string, int> _historyGuesses = new(StringComparer.OrdinalIgnoreCase);

    // Message ids seen lately: a reply to one of them will join its incident, so it is not classified ahead.
    private readonly ConcurrentDictionary<string, bool> _seenMessageIds = new(StringComparer.Ordinal);

    // Words of incident titles, compared with every new mail of the same customer for bursts.
    private readonly ConcurrentDictionary<string, HashSet<string>> _titleWords = new(StringComparer.Ordinal);

    // Writes to the caches above, to look at their sizes now and then (see Bounded).
    private int _cacheWrites;

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
        var (email, rejected) = Parse(raw, context, cancellationToken);
        return email is null ? rejected! : await ProcessAsync(email, context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Processes a parsed email: duplicate, reply, burst, or new incident.</summary>
    /// <returns>The outcome; <see cref="IntakeStatus.Quarantined"/> with a reason when a stage (store, classifier, SLA…) failed.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing was committed for this email.</exception>
    public Task<IntakeOutcome> ProcessAsync(InboundEmail email, IntakeContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(context);
        return ProcessCoreAsync(new PreparedEmail(email), context, null, cancellationToken);
    }

    /// <summary>
    /// Processes several raw emails, in order, with one store commit for all of them when the store batches
    /// (<see cref="IIncidentStore.BeginBatch"/>): each email is still kept or undone on its own (a quarantined email leaves
    /// nothing behind), and nothing is committed before this method returns, so a source may move or flag its messages
    /// as soon as it has the outcomes. Parsing, and with <see cref="IntakeOptions.ClassifyAhead"/> classification, run
    /// ahead on other cores while earlier emails are correlated and stored in order; the outcomes are those of processing
    /// the emails one by one. When the batch itself fails (the commit, or the store between items), the emails are
    /// processed again one by one. SLA timers of new incidents are scheduled after the commit.
    /// </summary>
    /// <returns>One outcome per item, in the order of <paramref name="items"/>.</returns>
    /// <exception cref="OperationCanceledException">Cancelled; nothing of the batch was committed.</exception>
    public Task<IReadOnlyList<IntakeOutcome>> ProcessBatchAsync(IReadOnlyList<IntakeItem> items, CancellationToken cancellationToken = default) =>
        ProcessBatchAsync(items, null, cancellationToken);

    /// <summary>
    /// Like <see cref="ProcessBatchAsync(IReadOnlyList{IntakeItem}, CancellationToken)"/>, and writes the checkpoints that
    /// <paramref name="checkpointsAfter"/> derives from the outcomes (e.g. the last IMAP UID before the first retryable
    /// outcome): in the batch's transaction when the store batches, else after the emails were committed one by one, so a
    /// checkpoint never runs ahead of what was committed.
    /// </summary>
    /// <param name="items">The emails, in order.</param>
    /// <param name="checkpointsAfter">Given one outcome per item, the checkpoints to write; null writes none.</param>
    /// <param name="cancellationToken">Cancels; nothing of the batch is committed then.</param>
    /// <returns>One outcome per item, in the order of <paramref name="items"/>.</returns>
    /// <exception cref="OperationCanceledException">Cancelled; nothing of the batch was committed.</exception>
    /// <exception cref="StoreException">The checkpoints could not be written after the emails were committed one by one (the batch had failed).</exception>
    public async Task<IReadOnlyList<IntakeOutcome>> ProcessBatchAsync(
        IReadOnlyList<IntakeItem> items, Func<IReadOnlyList<IntakeOutcome>, IReadOnlyDictionary<string, string>>? checkpointsAfter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var outcomes = new IntakeOutcome[items.Count];
        var emails = new PreparedEmail?[items.Count];
        var parses = new Task<(PreparedEmail? Email, IntakeOutcome? Rejected)>?[items.Count];
        var lookahead = Math.Max(2, Environment.ProcessorCount);
        void StartParse(int index)
        {
            if (index < items.Count)
            {
                var item = items[index];
                parses[index] = Task.Run(() => PrepareAsync(item, cancellationToken), cancellationToken);
            }
        }

        for (var i = 0; i < lookahead; i++)
        {
            StartParse(i);
        }

        var batch = _store.BeginBatch();
        var scope = batch is null ? null : new BatchScope();
        try
        {
            var batchFailed = false;
            for (var i = 0; i < items.Count; i++)
            {
                var (email, rejected) = await parses[i]!.ConfigureAwait(false);
                parses[i] = null;
                StartParse(i + lookahead);
                if (email is null)
                {
                    outcomes[i] = rejected!;
                    continue;
                }

                emails[i] = email;
                if (batch is null)
                {
                    outcomes[i] = await ProcessCoreAsync(email, items[i].Context, null, cancellationToken).ConfigureAwait(false);
                }
                else if (!batchFailed)
                {
                    batchFailed = !await ProcessInBatchAsync(batch, scope!, i, email, items[i].Context, outcomes, cancellationToken).ConfigureAwait(false);
                }
            }

            if (batch is null)
            {
                await WriteCheckpointsAsync(checkpointsAfter, outcomes, cancellationToken).ConfigureAwait(false);
                return outcomes;
            }

            if (!batchFailed)
            {
                try
                {
                    await WriteCheckpointsAsync(checkpointsAfter, outcomes, cancellationToken).ConfigureAwait(false);
                    await batch.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    batchFailed = true;
                }
            }

            if (batchFailed)
            {
                // Nothing of the batch was written: do each email again, each committing on its own.
                await batch.DisposeAsync().ConfigureAwait(false);
                for (var i = 0; i < items.Count; i++)
                {
                    if (emails[i] is { } email)
                    {
                        outcomes[i] = await ProcessCoreAsync(email, items[i].Context, null, cancellationToken).ConfigureAwait(false);
                    }
                }

                await WriteCheckpointsAsync(checkpointsAfter, outcomes, cancellationToken).ConfigureAwait(false);
                return outcomes;
            }

            foreach (var incident in scope!.Saved.Values)
            {
                Keep(incident, null);
            }

            foreach (var (index, incident) in scope.Created)
            {
                outcomes[index] = outcomes[index] with { Reasons = await SyncTimersAsync(incident, outcomes[index].Reasons, cancellationToken).ConfigureAwait(false) };
            }

            return outcomes;
        }
        finally
        {
            if (batch is not null)
            {
                await batch.DisposeAsync().ConfigureAwait(false);
            }

            // Parses started ahead and not awaited (cancellation, failure): let them finish quietly.
            foreach (var parse in parses)
            {
                _ = parse?.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            }
        }
    }

    private async Task WriteCheckpointsAsync(
        Func<IReadOnlyList<IntakeOutcome>, IReadOnlyDictionary<string, string>>? checkpointsAfter, IntakeOutcome[] outcomes, CancellationToken cancellationToken)
    {
        foreach (var (key, value) in checkpointsAfter?.Invoke(outcomes) ?? new Dictionary<string, string>())
        {
            await _store.SetCheckpointAsync(key, value, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Processes one email as an item of <paramref name="batch"/>; false when the batch itself failed.</summary>
    private async Task<bool> ProcessInBatchAsync(
        IStoreBatch batch, BatchScope scope, int index, PreparedEmail email, IntakeContext context, IntakeOutcome[] outcomes, CancellationToken cancellationToken)
    {
        var item = new BatchItem(scope);
        try
        {
            await batch.BeginItemAsync(cancellationToken).ConfigureAwait(false);
            var outcome = await ProcessCoreAsync(email, context, item, cancellationToken).ConfigureAwait(false);
            if (!outcome.IsCommitted)
            {
                item.Undo();
            }

            await batch.EndItemAsync(outcome.IsCommitted, cancellationToken).ConfigureAwait(false);
            outcomes[index] = outcome;
            if (outcome.Status == IntakeStatus.Created)
            {
                scope.Created.AddRange(item.Created.Select(incident => (index, incident)));
            }

            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Parses an item and works out, off the ordered path, what depends on the email alone (words, language) and, with
    /// <see cref="IntakeOptions.ClassifyAhead"/>, an early triage with the customer and a predicted sender history.
    /// A failure here is left for the ordered path, which meets it again at its own stage.
    /// </summary>
    private async Task<(PreparedEmail? Email, IntakeOutcome? Rejected)> PrepareAsync(IntakeItem item, CancellationToken cancellationToken)
    {
        var (email, rejected) = Parse(item, cancellationToken);
        if (email is null)
        {
            return (null, rejected);
        }

        var prepared = new PreparedEmail(email);
        try
        {
            // The language and the triage serve new incidents only: not worked out for a reply that will join its thread.
            prepared.WarmWords();
            if (_options.ClassifyAhead && !_classifier.CallsRemoteModel && !email.ReplyTargets.Any(_seenMessageIds.ContainsKey))
            {
                _ = prepared.Language;
                var customer = _customers.Resolve(email.FromAddress, email.FromName);
                var input = InputFor(email, customer, _historyGuesses.GetValueOrDefault(email.FromAddress));
                var started = _time.GetTimestamp();
                var triage = await _classifier.ClassifyAsync(input, cancellationToken).ConfigureAwait(false);
                prepared.Early = (input, triage, _time.GetElapsedTime(started));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Done again, in order, where the failure quarantines the email with the stage that failed.
        }

        return (prepared, null);
    }

    private (InboundEmail? Email, IntakeOutcome? Rejected) Parse(IntakeItem item, CancellationToken cancellationToken)
    {
        Stream stream;
        try
        {
            stream = item.Open();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, IntakeOutcome.Quarantine(item.Context.Source, $"The email could not be read: {ex.Message}"));
        }

        using (stream)
        {
            return Parse(stream, item.Context, cancellationToken);
        }
    }

    private (InboundEmail? Email, IntakeOutcome? Rejected) Parse(Stream raw, IntakeContext context, CancellationToken cancellationToken)
    {
        try
        {
            return (_parser.Parse(raw, cancellationToken), null);
        }
        catch (EmailRejectedException ex)
        {
            return (null, IntakeOutcome.Quarantine(context.Source, ex.Message));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, IntakeOutcome.Quarantine(context.Source, $"The email could not be parsed ({ex.GetType().Name}: {ex.Message})."));
        }
    }

    /// <param name="prepared">The parsed email.</param>
    /// <param name="context">Where it comes from.</param>
    /// <param name="item">When not null, the batch item: a new incident's SLA timers wait for the commit, saved incidents stay in the batch until then.</param>
    /// <param name="cancellationToken">Cancels.</param>
    private async Task<IntakeOutcome> ProcessCoreAsync(PreparedEmail prepared, IntakeContext context, BatchItem? item, CancellationToken cancellationToken)
    {
        var email = prepared.Email;
        AgentOpsMetrics.RecordSignal("email");
        Bounded(_seenMessageIds, 65_536)[email.MessageId] = true;
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
                return await AppendAsync(threadId, email, context, how, countsAsSignal: false, item, cancellationToken).ConfigureAwait(false);
            }

            stage = "customer lookup";
            var customer = _customers.Resolve(email.FromAddress, email.FromName);
            stage = "sender history";
            var history = await _store.GetSenderHistoryAsync(
                customer.Domain, email.FromAddress, _time.GetUtcNow() - _options.BurstWindow, _options.HistoryLimit, cancellationToken).ConfigureAwait(false);
            Guess(email.FromAddress, history.PreviousFromSender);
            stage = "burst correlation";
            var burstId = await FindBurstAsync(prepared.SubjectWords, prepared.Words, history.RecentOpen, cancellationToken).ConfigureAwait(false);
            if (burstId is not null)
            {
                stage = "update of " + burstId;
                return await AppendAsync(burstId, email, context, "burst", countsAsSignal: true, item, cancellationToken).ConfigureAwait(false);
            }

            return await CreateAsync(prepared, context, customer, history.PreviousFromSender, item, s => stage = s, cancellationToken).ConfigureAwait(false);
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

    private async Task<string?> FindBurstAsync(HashSet<string> subject, HashSet<string> words, IReadOnlyList<IncidentHeader> recent, CancellationToken cancellationToken)
    {
        if (_options.BurstWindow <= TimeSpan.Zero || recent.Count == 0)
        {
            return null;
        }

        string? best = null;
        var bestScore = 0.0;
        foreach (var candidate in recent)
        {
            // The subjects must look alike too, so that a shared boilerplate (disclaimer, list footer) does not fold unrelated mails.
            var title = _titleWords.TryGetValue(candidate.Title, out var known) ? known : Bounded(_titleWords, FingerprintCacheSize)[candidate.Title] = TextSimilarity.Words(candidate.Title);
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
    private async Task<HashSet<string>> FingerprintAsync(IncidentHeader candidate, CancellationToken cancellationToken)
    {
        if (_fingerprints.TryGetValue(candidate.Id, out var cached))
        {
            return cached;
        }

        var incident = await _store.FindAsync(candidate.Id, cancellationToken).ConfigureAwait(false);
        if (incident is null)
        {
            return TextSimilarity.Words(candidate.Title);
        }

        var firstBody = incident.Timeline.FirstOrDefault(e => e.Source == Channel && e.Data.ContainsKey("body"))?.Data["body"] ?? string.Empty;
        var words = TextSimilarity.Words(incident.Title + " " + firstBody);
        Remember(candidate.Id, words);
        return words;
    }

    private void Remember(string incidentId, HashSet<string> words) => Bounded(_fingerprints, FingerprintCacheSize)[incidentId] = words;

    private async Task<IntakeOutcome> CreateAsync(
        PreparedEmail prepared, IntakeContext context, Customer customer, int previous, BatchItem? item, Action<string> setStage, CancellationToken cancellationToken)
    {
        var email = prepared.Email;
        setStage($"triage ({_classifier.Name})");
        var input = InputFor(email, customer, previous);
        TriageResult triage;
        TimeSpan triageTime;
        if (prepared.Early is { } early && SameInput(early.Input, input))
        {
            (triage, triageTime) = (early.Result, early.Elapsed);
        }
        else
        {
            var triageStarted = _time.GetTimestamp();
            triage = await _classifier.ClassifyAsync(input, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Classifier '{_classifier.Name}' returned no result.");
            triageTime = _time.GetElapsedTime(triageStarted);
        }

        AgentOpsMetrics.RecordTriage(triageTime, triage.Priority);

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
            Customer = customer.Language is null ? customer with { Language = prepared.Language } : customer,
            Sla = sla,
            Triage = triage,
            SignalCount = 1,
        };
        incident.MessageIds.Add(email.MessageId);
        RecordEmail(incident, email, context, "new");

        setStage("triage transition");
        IncidentStateMachine.FireOnce(
            incident,
            _time,
            IncidentTrigger.Triage,
            new TransitionContext(Actor, Channel, string.Create(CultureInfo.InvariantCulture, $"{triage.Priority} {triage.Intent} by {triage.Classifier} (confidence {triage.Confidence:0.00})")));

        setStage("save");
        await _store.SaveAsync(incident, ChangesFor(email, context), cancellationToken).ConfigureAwait(false);
        Remember(incident.Id, prepared.Words);
        Guess(email.FromAddress, previous + 1);
        Keep(incident, item);
        var reasons = triage.Reasons;
        if (item is not null)
        {
            item.Created.Add(incident);
        }
        else
        {
            reasons = await SyncTimersAsync(incident, reasons, cancellationToken).ConfigureAwait(false);
        }

        return Outcome(IntakeStatus.Created, incident, email, context, "new", reasons);
    }

    private async Task<IReadOnlyList<string>> SyncTimersAsync(Incident incident, IReadOnlyList<string> reasons, CancellationToken cancellationToken)
    {
        if (_timers is null)
        {
            return reasons;
        }

        // The incident is committed: a scheduler failure must not quarantine the email; the stale sweep reschedules.
        try
        {
            await _timers.SyncAsync(incident, cancellationToken).ConfigureAwait(false);
            return reasons;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return [.. reasons, $"SLA timers not scheduled now ({ex.GetType().Name}); the stale-incident sweep will schedule them."];
        }
    }

    private async Task<IntakeOutcome> AppendAsync(
        string incidentId, InboundEmail email, IntakeContext context, string how, bool countsAsSignal, BatchItem? item, CancellationToken cancellationToken)
    {
        var useKept = true;
        for (var attempt = 0; ;)
        {
            var kept = useKept ? Take(incidentId, item) : null;
            useKept = false;
            var incident = kept
                ?? await _store.FindAsync(incidentId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Incident {incidentId} disappeared while the email was being added.");
            if (incident.MessageIds.Contains(email.MessageId, StringComparer.Ordinal))
            {
                Keep(incident, item);
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
            catch (ConcurrencyException) when (kept is not null || attempt < _options.ConcurrencyRetries)
            {
                // A kept copy that someone else has changed since costs no retry: the next attempt reads the store.
                if (kept is null)
                {
                    attempt++;
                }

                continue;
            }

            Keep(incident, item);
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
        };

        // The text as received, quoted parts and signature included: only when it says more than the body.
        if (!string.Equals(email.RawText, email.TextForTriage, StringComparison.Ordinal))
        {
            data["raw"] = Cap(email.RawText);
        }

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

    private static TriageInput InputFor(InboundEmail email, Customer customer, int previous) => new(email.Subject, email.TextForTriage)
    {
        Customer = customer,
        PreviousIncidents = previous,
        AttachmentNames = email.Attachments.Select(a => a.Name).ToList(),
    };

    /// <summary>Whether two inputs made from the same email are the same to a classifier.</summary>
    private static bool SameInput(TriageInput early, TriageInput now) =>
        early.PreviousIncidents == now.PreviousIncidents
        && Equals(early.Customer, now.Customer)
        && string.Equals(early.Subject, now.Subject, StringComparison.Ordinal)
        && string.Equals(early.Body, now.Body, StringComparison.Ordinal)
        && early.AttachmentNames.SequenceEqual(now.AttachmentNames, StringComparer.Ordinal);

    private void Guess(string sender, int previous) => Bounded(_historyGuesses, FingerprintCacheSize)[sender] = previous;

    /// <summary>
    /// The cache itself, emptied first when it has reached <paramref name="capacity"/> entries. The size is looked at
    /// once every <see cref="BoundCheckInterval"/> writes (so a cache may hold that many more), because counting a
    /// <see cref="ConcurrentDictionary{TKey, TValue}"/> takes all its locks, which the parses running ahead then wait for.
    /// </summary>
    private ConcurrentDictionary<string, T> Bounded<T>(ConcurrentDictionary<string, T> cache, int capacity)
    {
        if ((Interlocked.Increment(ref _cacheWrites) & (BoundCheckInterval - 1)) == 0 && cache.Count >= capacity)
        {
            cache.Clear();
        }

        return cache;
    }

    /// <summary>Takes the copy of an incident last saved by this flow (the open batch first, then committed ones), or null.</summary>
    private Incident? Take(string incidentId, BatchItem? item)
    {
        if (item is not null && item.Scope.Saved.Remove(incidentId, out var pending))
        {
            return pending;
        }

        return _recent.TryRemove(incidentId, out var committed) ? committed : null;
    }

    /// <summary>Keeps a saved incident: in the batch until it commits, else among the committed copies.</summary>
    private void Keep(Incident incident, BatchItem? item)
    {
        if (item is not null)
        {
            item.Scope.Saved[incident.Id] = incident;
            item.Saved.Add(incident.Id);
            return;
        }

        Bounded(_recent, IncidentCacheSize)[incident.Id] = incident;
    }

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

    /// <summary>An email with what depends on it alone, worked out once (ahead of its turn in a batch).</summary>
    private sealed class PreparedEmail(InboundEmail email)
    {
        private HashSet<string>? _subjectWords;
        private HashSet<string>? _words;
        private string? _language;
        private bool _languageDetected;

        public InboundEmail Email { get; } = email;

        public HashSet<string> SubjectWords => _subjectWords ??= TextSimilarity.Words(Email.Subject);

        public HashSet<string> Words => _words ??= TextSimilarity.Words(Email.Subject + " " + Email.TextForTriage);

        public string? Language
        {
            get
            {
                if (!_languageDetected)
                {
                    _language = LanguageDetector.Detect(Email.Subject + "\n" + Email.TextForTriage);
                    _languageDetected = true;
                }

                return _language;
            }
        }

        /// <summary>A triage made ahead, with the input it was made from.</summary>
        public (TriageInput Input, TriageResult Result, TimeSpan Elapsed)? Early { get; set; }

        public void WarmWords() => _ = (SubjectWords, Words);
    }

    /// <summary>What an open batch holds until its commit.</summary>
    private sealed class BatchScope
    {
        /// <summary>Incidents saved in the batch, by id, as last saved.</summary>
        public Dictionary<string, Incident> Saved { get; } = new(StringComparer.Ordinal);

        /// <summary>New incidents whose SLA timers are scheduled after the commit, with the index of their item.</summary>
        public List<(int Index, Incident Incident)> Created { get; } = [];
    }

    /// <summary>One email of a batch: what it saved, to be forgotten if it is undone.</summary>
    private sealed class BatchItem(BatchScope scope)
    {
        public BatchScope Scope { get; } = scope;

        public List<Incident> Created { get; } = [];

        public List<string> Saved { get; } = [];

        public void Undo()
        {
            foreach (var id in Saved)
            {
                Scope.Saved.Remove(id);
            }
        }
    }

    [GeneratedRegex(@"\[(INC-\d{4}-\d{1,8})\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IncidentTag();
}
