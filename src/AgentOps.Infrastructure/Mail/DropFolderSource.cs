using AgentOps.Core.Intake;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Mail;

/// <summary>
/// Reads <c>*.eml</c> files from a drop folder (default <c>./inbox</c>). Each file is processed by the
/// <see cref="IntakeService"/> (in batches of <see cref="MailOptions.BatchSize"/> committed together) and only then moved: to <c>processed/</c> when it is part of an incident (created,
/// updated or duplicate), to <c>quarantine/</c> with a <c>&lt;name&gt;.reason</c> file when it was rejected, and stays in
/// place when the failure is temporary (<see cref="IntakeOutcome.Retryable"/>: the store is down). A file is never
/// deleted; a crash before the move leaves it in the inbox, where the next pass sees it as a duplicate.
/// Writers should create the file under another extension and rename it to <c>.eml</c> when complete.
/// </summary>
public sealed partial class DropFolderSource
{
    private readonly IntakeService _intake;
    private readonly MailOptions _options;
    private readonly ILogger<DropFolderSource> _logger;

    public DropFolderSource(IntakeService intake, IOptions<MailOptions> options, ILogger<DropFolderSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _intake = intake;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The configured inbox as an absolute path (relative paths are taken from the current directory).</summary>
    public string DefaultInbox => Path.GetFullPath(_options.InboxPath);

    /// <summary>Processes every <c>*.eml</c> file now in <paramref name="inbox"/> (default <see cref="DefaultInbox"/>), oldest name first.</summary>
    /// <returns>One outcome per file.</returns>
    /// <exception cref="DirectoryNotFoundException">The inbox does not exist.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the files of the batch being processed stay in the inbox.</exception>
    public async Task<IReadOnlyList<IntakeOutcome>> ProcessOnceAsync(string? inbox = null, CancellationToken cancellationToken = default)
    {
        var folder = Path.GetFullPath(inbox ?? _options.InboxPath);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The inbox folder {folder} does not exist.");
        }

        var outcomes = new List<IntakeOutcome>();
        var files = Directory.EnumerateFiles(folder, "*.eml").Order(StringComparer.Ordinal).ToList();
        foreach (var chunk in files.Chunk(_options.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var items = chunk.Select(file => new IntakeItem(
                new IntakeContext($"file:{Path.GetFileName(file)}"),
                () => new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan))).ToList();

            // Every outcome is committed (or final) once the batch returns: only then are the files moved.
            var results = await _intake.ProcessBatchAsync(items, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < chunk.Length; i++)
            {
                outcomes.Add(await SettleAsync(chunk[i], folder, results[i]).ConfigureAwait(false));
            }
        }

        return outcomes;
    }

    /// <summary>
    /// Watches <paramref name="inbox"/> until cancelled: processes what is there, then waits for a new file (file system
    /// events, with a scan every <see cref="MailOptions.PollInterval"/> as a fallback).
    /// </summary>
    /// <param name="inbox">The folder; default <see cref="DefaultInbox"/>, created when missing.</param>
    /// <param name="onOutcome">Called after each file, e.g. to print it.</param>
    /// <param name="cancellationToken">Stops watching.</param>
    public async Task WatchAsync(string? inbox, Func<IntakeOutcome, CancellationToken, Task>? onOutcome, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(inbox ?? _options.InboxPath);
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
                outcomes = await ProcessOnceAsync(folder, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
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

    /// <summary>Processes one file of <paramref name="inbox"/> and moves it to <c>processed/</c> or <c>quarantine/</c>.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; the file stays where it is.</exception>
    public async Task<IntakeOutcome> ProcessFileAsync(string path, string inbox, CancellationToken cancellationToken = default)
    {
        var name = Path.GetFileName(path);
        var context = new IntakeContext($"file:{name}");
        IntakeOutcome outcome;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
            outcome = await _intake.ProcessAsync(stream, context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            outcome = IntakeOutcome.Quarantine(context.Source, $"The file could not be read: {ex.Message}");
        }

        return await SettleAsync(path, inbox, outcome).ConfigureAwait(false);
    }

    /// <summary>Moves a file whose outcome is final to <c>processed/</c> or <c>quarantine/</c>; leaves it when the outcome is retryable.</summary>
    private async Task<IntakeOutcome> SettleAsync(string path, string inbox, IntakeOutcome outcome)
    {
        var name = Path.GetFileName(path);
        if (outcome.Retryable)
        {
            LogRetryLater(name, outcome.QuarantineReason);
            return outcome;
        }

        try
        {
            if (outcome.Status == IntakeStatus.Quarantined)
            {
                var target = UniqueTarget(Path.Combine(inbox, _options.QuarantineFolder), name);
                await File.WriteAllTextAsync(target + ".reason", outcome.QuarantineReason + Environment.NewLine, CancellationToken.None).ConfigureAwait(false);
                File.Move(path, target);
                LogQuarantined(name, outcome.QuarantineReason);
            }
            else
            {
                File.Move(path, UniqueTarget(Path.Combine(inbox, _options.ProcessedFolder), name));
                LogProcessed(name, outcome.Status, outcome.IncidentId);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The file stays in the inbox; the next pass finds it again (as a duplicate if its incident was saved).
            LogMoveFailed(ex, name);
        }

        return outcome;
    }

    private static string UniqueTarget(string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, name);
        var stem = Path.GetFileNameWithoutExtension(name);
        var extension = Path.GetExtension(name);
        for (var i = 1; File.Exists(target) || File.Exists(target + ".reason"); i++)
        {
            target = Path.Combine(folder, $"{stem}-{i}{extension}");
        }

        return target;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail {File}: {Status} {IncidentId}")]
    private partial void LogProcessed(string file, IntakeStatus status, string? incidentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {File} quarantined: {Reason}")]
    private partial void LogQuarantined(string file, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail {File} was processed but could not be moved; it will be seen again")]
    private partial void LogMoveFailed(Exception exception, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {File} left in the inbox to retry: {Reason}")]
    private partial void LogRetryLater(string file, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "File system events unavailable for {Folder}; polling only")]
    private partial void LogWatcherUnavailable(Exception exception, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scanning the inbox {Folder} failed")]
    private partial void LogScanFailed(Exception exception, string folder);
}
