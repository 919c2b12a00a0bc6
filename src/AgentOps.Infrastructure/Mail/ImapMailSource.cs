using System.Globalization;
using System.Net.Sockets;
using AgentOps.Core.Intake;
using AgentOps.Core.Persistence;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Mail;

/// <summary>
/// Watches an IMAP folder: catches up on every message above the checkpoint (UIDVALIDITY and last UID, kept in the
/// <see cref="IIncidentStore"/>), then waits with IDLE (or polls). Waiting messages are taken in runs of up to
/// <see cref="MailOptions.BatchSize"/> (and 64 MiB) through <c>IntakeService.ProcessBatchAsync</c>: one commit per run,
/// the checkpoint written in the same transaction. A message is flagged (keyword, <c>\Seen</c>) or
/// moved only after its run is committed; a quarantined one gets
/// the quarantine keyword and stays on the server. A UIDVALIDITY change restarts from UID 1, and Message-Id
/// de-duplication keeps it from opening incidents twice. Connection failures reconnect with exponential backoff.
/// </summary>
public sealed partial class ImapMailSource
{
    // Bytes of messages downloaded and held for one batch; a batch closes early rather than exceed it (one message alone may).
    private const long MaxBatchBytes = 64L * 1024 * 1024;

    private readonly IntakeService _intake;
    private readonly IIncidentStore _store;
    private readonly ImapOptions _options;
    private readonly MailOptions _mail;
    private readonly TimeProvider _time;
    private readonly ILogger<ImapMailSource> _logger;

    // The IDLE watcher and the scheduler's poll fallback (ImapMailboxPoller) share one source: one catch-up at a time.
    private readonly SemaphoreSlim _catchUp = new(1, 1);

    public ImapMailSource(IntakeService intake, IIncidentStore store, IOptions<ImapOptions> options, IOptions<MailOptions> mail, TimeProvider time, ILogger<ImapMailSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(mail);
        _intake = intake;
        _store = store;
        _options = options.Value;
        _mail = mail.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The store checkpoint key of the watched folder, e.g. <c>imap:agent@localhost:993/INBOX</c>; its value is <c>UIDVALIDITY:UID</c>.</summary>
    public string CheckpointKey => $"imap:{_options.Username}@{_options.Host}:{_options.Port.ToString(CultureInfo.InvariantCulture)}/{_options.Folder}";

    /// <summary>Connects, processes every message above the checkpoint, and disconnects.</summary>
    /// <returns>One outcome per message processed.</returns>
    /// <exception cref="ImapProtocolException">The connection broke.</exception>
    /// <exception cref="AuthenticationException">The credentials were refused.</exception>
    /// <exception cref="IOException">The network failed.</exception>
    /// <exception cref="StoreException">The store is unreachable; nothing after the last committed message was flagged.</exception>
    public async Task<IReadOnlyList<IntakeOutcome>> PollOnceAsync(CancellationToken cancellationToken = default)
    {
        using var client = new ImapClient();
        var folder = await ConnectAsync(client, cancellationToken).ConfigureAwait(false);
        var outcomes = new List<IntakeOutcome>();
        await CatchUpAsync(client, folder, (o, _) => { outcomes.Add(o); return Task.CompletedTask; }, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
        return outcomes;
    }

    /// <summary>Runs until cancelled: catch up, wait for new mail (IDLE or polling), repeat; reconnects with exponential backoff after any connection or store failure.</summary>
    /// <param name="onOutcome">Called after each message, e.g. to log or print it.</param>
    /// <param name="cancellationToken">Stops the watcher; the message in progress is not flagged unless committed.</param>
    public async Task RunAsync(Func<IntakeOutcome, CancellationToken, Task>? onOutcome, CancellationToken cancellationToken)
    {
        var delay = _options.ReconnectInitialDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var client = new ImapClient();
                var folder = await ConnectAsync(client, cancellationToken).ConfigureAwait(false);
                LogConnected(_options.Host, _options.Port, _options.Folder);
                delay = _options.ReconnectInitialDelay;
                while (!cancellationToken.IsCancellationRequested)
                {
                    await CatchUpAsync(client, folder, onOutcome, cancellationToken).ConfigureAwait(false);
                    await WaitForMailAsync(client, folder, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (IsRecoverable(ex))
            {
                LogReconnecting(ex, _options.Host, _options.Port, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
            }
        }
    }

    private async Task<IMailFolder> ConnectAsync(ImapClient client, CancellationToken cancellationToken)
    {
        client.Timeout = (int)_options.CommandTimeout.TotalMilliseconds;
        if (_options.AcceptAnyCertificate)
        {
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        }

        await client.ConnectAsync(_options.Host, _options.Port, _options.Security, cancellationToken).ConfigureAwait(false);
        await client.AuthenticateAsync(_options.Username, _options.Password, cancellationToken).ConfigureAwait(false);
        var folder = string.Equals(_options.Folder, "INBOX", StringComparison.OrdinalIgnoreCase)
            ? client.Inbox
            : await client.GetFolderAsync(_options.Folder, cancellationToken).ConfigureAwait(false);
        await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken).ConfigureAwait(false);
        return folder;
    }

    private async Task CatchUpAsync(ImapClient client, IMailFolder folder, Func<IntakeOutcome, CancellationToken, Task>? onOutcome, CancellationToken cancellationToken)
    {
        await _catchUp.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CatchUpCoreAsync(client, folder, onOutcome, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _catchUp.Release();
        }
    }

    private async Task CatchUpCoreAsync(ImapClient client, IMailFolder folder, Func<IntakeOutcome, CancellationToken, Task>? onOutcome, CancellationToken cancellationToken)
    {
        var validity = folder.UidValidity;
        var lastUid = await ReadCheckpointAsync(validity, cancellationToken).ConfigureAwait(false);
        if (folder.Count == 0)
        {
            return;
        }

        var query = SearchQuery.Uids(new UniqueIdRange(new UniqueId(validity, lastUid + 1), UniqueId.MaxValue))
            .And(SearchQuery.NotKeyword(_options.ProcessedKeyword))
            .And(SearchQuery.NotKeyword(_options.QuarantineKeyword));
        var uids = (await folder.SearchAsync(query, cancellationToken).ConfigureAwait(false))
            .Where(u => u.Id > lastUid)
            .OrderBy(u => u.Id)
            .ToList();
        if (uids.Count == 0)
        {
            return;
        }

        var sizes = (await folder.FetchAsync(uids, new FetchRequest(MessageSummaryItems.Size | MessageSummaryItems.UniqueId), cancellationToken).ConfigureAwait(false))
            .Where(s => s.Size is not null)
            .ToDictionary(s => s.UniqueId, s => (long)s.Size!.Value);
        var chunk = new List<UniqueId>(_mail.BatchSize);
        long chunkBytes = 0;
        foreach (var uid in uids)
        {
            // Oversized messages are quarantined without being downloaded; the others are held in memory until their batch commits.
            var size = sizes.GetValueOrDefault(uid);
            var bytes = size > _mail.MaxMessageBytes ? 0 : size;
            if (chunk.Count > 0 && (chunk.Count == _mail.BatchSize || chunkBytes + bytes > MaxBatchBytes))
            {
                await ProcessChunkAsync(client, folder, [.. chunk], sizes, onOutcome, cancellationToken).ConfigureAwait(false);
                chunk.Clear();
                chunkBytes = 0;
            }

            chunk.Add(uid);
            chunkBytes += bytes;
        }

        await ProcessChunkAsync(client, folder, [.. chunk], sizes, onOutcome, cancellationToken).ConfigureAwait(false);
    }

    private async Task<uint> ReadCheckpointAsync(uint validity, CancellationToken cancellationToken)
    {
        var checkpoint = await _store.GetCheckpointAsync(CheckpointKey, cancellationToken).ConfigureAwait(false);
        if (checkpoint is null)
        {
            return 0;
        }

        var parts = checkpoint.Split(':');
        if (parts.Length == 2
            && uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var storedValidity)
            && uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var storedUid))
        {
            if (storedValidity == validity)
            {
                return storedUid;
            }

            LogUidValidityChanged(_options.Folder, storedValidity, validity);
            return 0;
        }

        LogBadCheckpoint(CheckpointKey, checkpoint);
        return 0;
    }

    /// <summary>
    /// Downloads a run of messages, processes them as one intake batch (one commit, with the checkpoint of the last message
    /// before the first retryable outcome), then flags or moves each committed or quarantined message in order.
    /// </summary>
    /// <exception cref="StoreException">An outcome is retryable: the messages from it on are left unflagged, to be taken again.</exception>
    private async Task ProcessChunkAsync(
        ImapClient client,
        IMailFolder folder,
        UniqueId[] uids,
        Dictionary<UniqueId, long> sizes,
        Func<IntakeOutcome, CancellationToken, Task>? onOutcome,
        CancellationToken cancellationToken)
    {
        var outcomes = new IntakeOutcome?[uids.Length];
        var items = new List<IntakeItem>(uids.Length);
        var positions = new List<int>(uids.Length);
        for (var i = 0; i < uids.Length; i++)
        {
            var source = $"imap:{_options.Folder}/{uids[i].Id.ToString(CultureInfo.InvariantCulture)}";
            if (sizes.TryGetValue(uids[i], out var size) && size > _mail.MaxMessageBytes)
            {
                outcomes[i] = IntakeOutcome.Quarantine(source, $"The email is {size:N0} bytes, more than the {_mail.MaxMessageBytes:N0} bytes allowed (Mail:MaxMessageBytes).");
                continue;
            }

            // Downloaded first: the batch opens each item on another thread, and the IMAP connection serves one command at a time.
            using var stream = await folder.GetStreamAsync(uids[i], cancellationToken).ConfigureAwait(false);
            var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes, cancellationToken).ConfigureAwait(false);
            var raw = bytes.ToArray();
            items.Add(new IntakeItem(new IntakeContext(source), () => new MemoryStream(raw, writable: false)));
            positions.Add(i);
        }

        IReadOnlyList<IntakeOutcome> All(IReadOnlyList<IntakeOutcome> processed)
        {
            for (var k = 0; k < positions.Count; k++)
            {
                outcomes[positions[k]] = processed[k];
            }

            return outcomes!;
        }

        var validity = folder.UidValidity;
        var processed = await _intake.ProcessBatchAsync(
            items,
            results =>
            {
                var all = All(results);
                var committed = all.TakeWhile(o => !o.Retryable).Count();
                return committed == 0
                    ? new Dictionary<string, string>()
                    : new Dictionary<string, string> { [CheckpointKey] = string.Create(CultureInfo.InvariantCulture, $"{validity}:{uids[committed - 1].Id}") };
            },
            cancellationToken).ConfigureAwait(false);
        var final = All(processed);
        for (var i = 0; i < uids.Length; i++)
        {
            var outcome = final[i];
            if (outcome.Retryable)
            {
                // Nothing of it was committed: leave it unflagged, and the checkpoint before it, and retry after a backoff.
                throw new StoreException($"Mail {outcome.Source} could not be saved and will be retried: {outcome.QuarantineReason}");
            }

            await SettleAsync(client, folder, uids[i], outcome, cancellationToken).ConfigureAwait(false);
            if (onOutcome is not null)
            {
                await onOutcome(outcome, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Flags (and moves, when configured) a message whose outcome is committed or final.</summary>
    private async Task SettleAsync(ImapClient client, IMailFolder folder, UniqueId uid, IntakeOutcome outcome, CancellationToken cancellationToken)
    {
        var quarantined = outcome.Status == IntakeStatus.Quarantined;
        var flags = _options.MarkSeen && !quarantined ? MessageFlags.Seen : MessageFlags.None;
        await folder.StoreAsync([uid], new StoreFlagsRequest(StoreAction.Add, flags, [quarantined ? _options.QuarantineKeyword : _options.ProcessedKeyword]) { Silent = true }, cancellationToken).ConfigureAwait(false);
        var moveTo = quarantined ? _options.MoveQuarantinedTo : _options.MoveProcessedTo;
        if (!string.IsNullOrWhiteSpace(moveTo))
        {
            var target = await client.GetFolderAsync(moveTo, cancellationToken).ConfigureAwait(false);
            await folder.MoveToAsync(uid, target, cancellationToken).ConfigureAwait(false);
        }

        if (quarantined)
        {
            LogQuarantined(outcome.Source, outcome.QuarantineReason);
        }
        else
        {
            LogProcessed(outcome.Source, outcome.Status, outcome.IncidentId);
        }
    }

    private async Task WaitForMailAsync(ImapClient client, IMailFolder folder, CancellationToken cancellationToken)
    {
        if (!_options.UseIdle || !client.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            await client.NoOpAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        using var done = new CancellationTokenSource(_options.IdleRefresh, _time);
        void OnCountChanged(object? sender, EventArgs e) => done.Cancel();
        folder.CountChanged += OnCountChanged;
        try
        {
            await client.IdleAsync(done.Token, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            folder.CountChanged -= OnCountChanged;
        }
    }

    private static bool IsRecoverable(Exception ex) =>
        ex is IOException or SocketException or ImapProtocolException or ImapCommandException or CommandException
            or ServiceNotConnectedException or ServiceNotAuthenticatedException or AuthenticationException
            or SslHandshakeException or FolderNotFoundException or StoreException or TimeoutException;

    [LoggerMessage(Level = LogLevel.Information, Message = "IMAP connected to {Host}:{Port}, watching {Folder}")]
    private partial void LogConnected(string host, int port, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP {Host}:{Port} failed; reconnecting in {DelaySeconds} s")]
    private partial void LogReconnecting(Exception exception, string host, int port, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "UIDVALIDITY of {Folder} changed from {Old} to {New}: rescanning from UID 1 (duplicates are ignored by Message-Id)")]
    private partial void LogUidValidityChanged(string folder, uint old, uint @new);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unreadable IMAP checkpoint {Key}={Value}: rescanning from UID 1")]
    private partial void LogBadCheckpoint(string key, string value);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail {Source}: {Status} {IncidentId}")]
    private partial void LogProcessed(string source, IntakeStatus status, string? incidentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {Source} quarantined: {Reason}")]
    private partial void LogQuarantined(string source, string? reason);
}
