using System.Globalization;
using AgentOps.Core.Intake;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Mail;

/// <summary>
/// Reads <c>*.eml</c> files from a drop folder (default <c>./inbox</c>), which several processes (nodes) may share. Each
/// file is first claimed by renaming it into this node's claim folder (<c>.claimed/&lt;NodeId&gt;/</c>, see
/// <see cref="MailOptions.ClaimFolder"/>), so exactly one node reads it; then processed by the <see cref="IntakeService"/>
/// (in batches of <see cref="MailOptions.BatchSize"/> committed together) and only then moved: to <c>processed/</c> when it
/// is part of an incident (created, updated or duplicate), to <c>quarantine/</c> with a <c>&lt;name&gt;.reason</c> file when
/// it was rejected. When the failure is temporary (<see cref="IntakeOutcome.Retryable"/>: the store is down) it is tried
/// again at the next pass (kept claimed while watching, back in the inbox after a one-off pass). A file is never
/// deleted: what a crash leaves claimed is taken back by the same node when it restarts with the same
/// <see cref="MailOptions.NodeId"/>, or by any other node once the crashed node's lease is older than
/// <see cref="MailOptions.ClaimTimeout"/>; a mail whose incident was committed is then a duplicate. Writers should create the file under another extension and rename it to <c>.eml</c> when complete.
/// </summary>
public sealed partial class DropFolderSource
{
    private readonly IntakeService _intake;
    private readonly MailOptions _options;
    private readonly ILogger<DropFolderSource> _logger;
    private readonly TimeProvider _time;
    private readonly string _baseDirectory;
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <summary>Creates the source.</summary>
    /// <param name="intake">Processes each email.</param>
    /// <param name="options">The <c>Mail</c> section.</param>
    /// <param name="logger">Logs each file's fate.</param>
    /// <param name="timeProvider">The clock of leases; default the system clock.</param>
    /// <param name="environment">The host, whose content root a relative <see cref="MailOptions.InboxPath"/> is under; default the current directory.</param>
    public DropFolderSource(
        IntakeService intake, IOptions<MailOptions> options, ILogger<DropFolderSource> logger, TimeProvider? timeProvider = null, IHostEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _intake = intake;
        _options = options.Value;
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;
        _baseDirectory = environment?.ContentRootPath ?? Directory.GetCurrentDirectory();
        NodeId = string.IsNullOrWhiteSpace(_options.NodeId) ? DefaultNodeId() : _options.NodeId;
    }

    /// <summary>This node's name: its claims are in <c>&lt;inbox&gt;/&lt;ClaimFolder&gt;/&lt;NodeId&gt;/</c>.</summary>
    public string NodeId { get; }

    /// <summary>
    /// The configured inbox as an absolute path: a relative <see cref="MailOptions.InboxPath"/> is under the host's content
    /// root (the working directory of <c>agentops</c>), or the current directory without a host.
    /// </summary>
    public string DefaultInbox => Resolve(null);

    /// <summary>The given inbox, or the configured one, as an absolute path under the same base as <see cref="DefaultInbox"/>.</summary>
    private string Resolve(string? inbox) => Path.GetFullPath(inbox ?? _options.InboxPath, _baseDirectory);

    /// <summary>
    /// Processes every <c>*.eml</c> file now in <paramref name="inbox"/> (default <see cref="DefaultInbox"/>; a relative path
    /// is under the same base) that this node claims: first what this node left claimed (a crash of the same
    /// <see cref="NodeId"/>) and the claims of nodes whose lease ran out, then the inbox, oldest name first. A file whose
    /// outcome is retryable goes back to the inbox at the end. One pass at a time per instance.
    /// </summary>
    /// <returns>One outcome per file this node processed (a file another node took over meanwhile has one only if it was committed here).</returns>
    /// <exception cref="DirectoryNotFoundException">The inbox does not exist.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the files of the batch being processed go back to the inbox, uncommitted.</exception>
    public Task<IReadOnlyList<IntakeOutcome>> ProcessOnceAsync(string? inbox = null, CancellationToken cancellationToken = default) =>
        PassAsync(Resolve(inbox), releaseRetries: true, cancellationToken);

    /// <param name="folder">The inbox, absolute.</param>
    /// <param name="releaseRetries">
    /// Whether files with a retryable outcome go back to the inbox at the end (a one-off pass), or stay claimed for this
    /// node's next pass (a watcher: handing them back would wake every watcher at once while the store is down).
    /// </param>
    /// <param name="cancellationToken">Cancels.</param>
    private async Task<IReadOnlyList<IntakeOutcome>> PassAsync(string folder, bool releaseRetries, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The inbox folder {folder} does not exist.");
        }

        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ClaimAndProcessAsync(folder, releaseRetries, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<IReadOnlyList<IntakeOutcome>> ClaimAndProcessAsync(string folder, bool releaseRetries, CancellationToken cancellationToken)
    {
        var claims = new DropFolderClaims(folder, _options.ClaimFolder, NodeId, _options.ClaimTimeout, _time);
        var period = _options.ClaimTimeout / 4;
        var heartbeat = _time.CreateTimer(_ => Renew(claims), null, period, period);
        var pending = new Queue<DropFolderClaims.Claim>();
        var outcomes = new List<IntakeOutcome>();
        var retries = new List<DropFolderClaims.Claim>();
        var batch = new List<DropFolderClaims.Claim>(_options.BatchSize);
        try
        {
            claims.Renew();
            foreach (var leftover in claims.Leftovers())
            {
                pending.Enqueue(leftover);
            }

            foreach (var (claim, from) in claims.TakeOverStale())
            {
                LogTakenOver(claim.Name, from);
                pending.Enqueue(claim);
            }

            var inbox = Directory.EnumerateFiles(folder, "*.eml").Order(StringComparer.Ordinal).ToList();
            var next = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                while (batch.Count < _options.BatchSize && pending.TryDequeue(out var leftover))
                {
                    batch.Add(leftover);
                }

                while (batch.Count < _options.BatchSize && next < inbox.Count)
                {
                    if (TryClaim(claims, inbox[next++]) is { } claim)
                    {
                        batch.Add(claim);
                    }
                }

                if (batch.Count == 0)
                {
                    if (releaseRetries)
                    {
                        retries.ForEach(retry => claims.Release(retry));
                    }

                    return outcomes;
                }

                var items = batch.Select(claim => new IntakeItem(
                    new IntakeContext($"file:{claim.Name}"),
                    () => new FileStream(claim.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan))).ToList();

                // Every outcome is committed (or final) once the batch returns: only then are the files moved.
                var results = await _intake.ProcessBatchAsync(items, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (await SettleAsync(batch[i], folder, results[i]).ConfigureAwait(false) is { } outcome)
                    {
                        outcomes.Add(outcome);
                    }

                    if (results[i].Retryable)
                    {
                        retries.Add(batch[i]);
                    }
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException)
        {
            // Nothing of these was committed: back to the inbox, for this node or another (a crash would keep them claimed).
            foreach (var claim in batch.Concat(pending).Concat(retries))
            {
                claims.Release(claim);
            }

            throw;
        }
        finally
        {
            await heartbeat.DisposeAsync().ConfigureAwait(false);
            claims.RemoveIfEmpty();
        }
    }

    private DropFolderClaims.Claim? TryClaim(DropFolderClaims claims, string path)
    {
        try
        {
            return claims.TryClaim(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left in the inbox: the next pass tries again.
            LogClaimFailed(ex, Path.GetFileName(path));
            return null;
        }
    }

    private void Renew(DropFolderClaims claims)
    {
        try
        {
            claims.Renew();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogLeaseFailed(ex, claims.Folder);
        }
    }

    private static string DefaultNodeId()
    {
        var host = new string([.. Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-')]).TrimStart('.', '-', '_');
        return string.Create(CultureInfo.InvariantCulture, $"{(host.Length == 0 ? "node" : host)}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
    }

    /// <summary>
    /// Watches <paramref name="inbox"/> until cancelled: processes what is there, then waits for a new file (file system
    /// events, with a scan every <see cref="MailOptions.PollInterval"/> as a fallback).
    /// </summary>
    /// <param name="inbox">The folder; default <see cref="DefaultInbox"/> (a relative path is under the same base), created when missing.</param>
    /// <param name="onOutcome">Called after each file, e.g. to print it.</param>
    /// <param name="cancellationToken">Stops watching.</param>
    public async Task WatchAsync(string? inbox, Func<IntakeOutcome, CancellationToken, Task>? onOutcome, CancellationToken cancellationToken)
    {
        var folder = Resolve(inbox);
        Directory.CreateDirectory(folder);
        using var wake = new SemaphoreSlim(0);
        void Wake(object? sender, EventArgs e)
        {
            if (wake.CurrentCount == 0)
            {
                wake.Release();
            }
        }

        using var watcher = new FileSystemWatcher(folder, "*.eml");
        watcher.Created += Wake;
        watcher.Renamed += Wake;
        try
        {
            watcher.EnableRaisingEvents = true;
        }
        catch (IOException ex)
        {
            // E.g. the inotify watch limit is reached: polling alone still finds every file.
            LogWatcherUnavailable(ex, folder);
        }
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<IntakeOutcome> outcomes;
            try
            {
                outcomes = await PassAsync(folder, releaseRetries: false, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogScanFailed(ex, folder);
                outcomes = [];
            }

            foreach (var outcome in outcomes)
            {
                if (onOutcome is not null)
                {
                    await onOutcome(outcome, cancellationToken).ConfigureAwait(false);
                }
            }

            try
            {
                await wake.WaitAsync(_options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Moves a claimed file whose outcome is final to <c>processed/</c> or <c>quarantine/</c>; leaves it claimed when the outcome is retryable.</summary>
    /// <returns>The outcome; null when the file was rejected here but another node had taken it over meanwhile (its outcome is that node's).</returns>
    private async Task<IntakeOutcome?> SettleAsync(DropFolderClaims.Claim claim, string inbox, IntakeOutcome outcome)
    {
        if (outcome.Retryable)
        {
            LogRetryLater(claim.Name, outcome.QuarantineReason);
            return outcome;
        }

        try
        {
            if (outcome.Status == IntakeStatus.Quarantined)
            {
                if (!File.Exists(claim.Path))
                {
                    // Taken over by another node after this one's lease ran out: the outcome here may be "could not be read".
                    LogClaimLost(claim.Name);
                    return null;
                }

                await MoveIntoAsync(Path.Combine(inbox, _options.QuarantineFolder), claim, outcome.QuarantineReason + Environment.NewLine).ConfigureAwait(false);
                LogQuarantined(claim.Name, outcome.QuarantineReason);
            }
            else
            {
                await MoveIntoAsync(Path.Combine(inbox, _options.ProcessedFolder), claim, null).ConfigureAwait(false);
                LogProcessed(claim.Name, outcome.Status, outcome.IncidentId);
            }
        }
        catch (FileNotFoundException)
        {
            LogClaimLost(claim.Name);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The file stays claimed; the next pass finds it again (as a duplicate if its incident was saved).
            LogMoveFailed(ex, claim.Name);
        }

        return outcome;
    }

    /// <summary>
    /// Moves a claimed file into <paramref name="folder"/> under its inbox name, or a free variant of it, with its reason
    /// file when one is given (written first: a quarantined mail always has one). The name is reserved by creating the
    /// file exclusively, so two nodes moving files of the same name at once never overwrite each other.
    /// </summary>
    /// <exception cref="FileNotFoundException">The claimed file is gone (another node took it over).</exception>
    private static async Task MoveIntoAsync(string folder, DropFolderClaims.Claim claim, string? reason)
    {
        Directory.CreateDirectory(folder);
        var target = Reserve(folder, claim.Name);
        try
        {
            if (reason is not null)
            {
                await File.WriteAllTextAsync(target + ".reason", reason, CancellationToken.None).ConfigureAwait(false);
            }

            File.Move(claim.Path, target, overwrite: true);
        }
        catch
        {
            File.Delete(target);
            if (reason is not null)
            {
                File.Delete(target + ".reason");
            }

            throw;
        }
    }

    private static string Reserve(string folder, string name)
    {
        var stem = Path.GetFileNameWithoutExtension(name);
        var extension = Path.GetExtension(name);
        for (var i = 0; ; i++)
        {
            var target = Path.Combine(folder, i == 0 ? name : string.Create(CultureInfo.InvariantCulture, $"{stem}-{i}{extension}"));
            if (File.Exists(target + ".reason"))
            {
                continue;
            }

            try
            {
                new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None).Dispose();
                return target;
            }
            catch (IOException) when (File.Exists(target))
            {
                // Taken: the next name.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail {File}: {Status} {IncidentId}")]
    private partial void LogProcessed(string file, IntakeStatus status, string? incidentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {File} quarantined: {Reason}")]
    private partial void LogQuarantined(string file, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail {File} was processed but could not be moved; it stays claimed and will be seen again")]
    private partial void LogMoveFailed(Exception exception, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {File} kept claimed to retry at the next pass: {Reason}")]
    private partial void LogRetryLater(string file, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {File}: claim of node {Node}, whose lease ran out, taken over")]
    private partial void LogTakenOver(string file, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {File} was taken over by another node while this one processed it; left to that node")]
    private partial void LogClaimLost(string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {File} could not be claimed; left in the inbox")]
    private partial void LogClaimFailed(Exception exception, string file);

    [LoggerMessage(Level = LogLevel.Error, Message = "The drop-folder lease {Folder} could not be renewed")]
    private partial void LogLeaseFailed(Exception exception, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "File system events unavailable for {Folder}; polling only")]
    private partial void LogWatcherUnavailable(Exception exception, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scanning the inbox {Folder} failed")]
    private partial void LogScanFailed(Exception exception, string folder);
}
