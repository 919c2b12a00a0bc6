using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using AgentOps.Core.Diagnostics.Logs;
using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>
/// Semantic Kernel native plugin over the log sources of one track (<see cref="LogSourceSelection"/>: configured files,
/// folders and Loki streams, ranked for the incident, and the incident's email attachments): the one log tool of the
/// offline playbooks and of the LLM agents. Reads nothing outside its sources. When the selection has an incident
/// window, searches keep the lines inside it (lines without a timestamp always; a source with no line inside is read
/// whole, with a note); attachments are read whole. Every function answers compact JSON (or text for <c>search</c>) cut
/// to <see cref="LogsOptions.MaxOutputChars"/>, and turns bad input or an unreachable source into an
/// <c>{"error": ...}</c> answer rather than an exception, so that an investigation goes on. Build it with
/// <see cref="LogsPluginFactory"/>.
/// </summary>
public sealed class LogsPlugin(
    LogAnalyzer analyzer,
    LogFileReader reader,
    LokiClient loki,
    LogSourcesOptions sources,
    LogSourceSelection selection,
    LogsOptions options,
    LogTemplateMinerOptions minerOptions,
    TimeProvider timeProvider)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly LogsOptions _options = options;

    /// <summary>The sources this plugin reads, best first.</summary>
    public LogSourceSelection Selection => selection;

    /// <summary>Lists the sources of this track with the reason of each.</summary>
    [KernelFunction("sources")]
    [Description("Lists the log sources this track may read, best first, with why each was chosen (a service or host named in the incident, an attachment of the reporter, the track's tags) and the incident time window that search, mine_templates and error_spikes centre on. Pass a source's name as 'path' to the other functions.")]
    public string ListSources() => Fit(selection.Sources.Select((s, i) => new
    {
        rank = i + 1,
        name = s.Source.Name,
        kind = s.Source.Kind.ToString().ToLowerInvariant(),
        path = s.Source.Kind == LogSourceKind.Path && s.Source.Path != s.Source.Name ? s.Source.Path : null,
        query = s.Source.Kind == LogSourceKind.Loki ? s.Source.LokiQuery : null,
        reason = s.Reason,
    }).ToList(), kept => new
    {
        window = selection.Window is { } w ? new { from = w.From.ToString("O", CultureInfo.InvariantCulture), to = w.To.ToString("O", CultureInfo.InvariantCulture), start = w.Reason } : null,
        notes = selection.Notes.Count == 0 ? null : selection.Notes,
        sources = kept,
    });

    /// <summary>Collapses the lines of a file or folder into templates.</summary>
    [KernelFunction("mine_templates")]
    [Description("Collapses the lines of the log sources into templates (variables as <*>) with counts, errors, level, first and last seen and peak burst, most frequent first.")]
    public async Task<string> MineTemplatesAsync(
        [Description("A source name from logs.sources, a configured log file or folder, or a file inside one; empty for every source of this track.")] string path = "",
        [Description("Only lines at or after this time, ISO-8601 (e.g. 2024-05-01T10:00:00Z); empty: the incident window when there is one.")] string since = "",
        [Description("Only lines before this time, ISO-8601; empty: the incident window when there is one.")] string until = "",
        [Description("Most templates to return (1-200).")] int maxTemplates = 20,
        [Description("True to read whole sources, ignoring the incident window.")] bool wholeFiles = false,
        CancellationToken cancellationToken = default)
    {
        if (!TryTime(since, out var from, out var error) || !TryTime(until, out var to, out error) || !TryTargets(path, includeLoki: false, out var targets, out error))
        {
            return Error(error);
        }

        try
        {
            var (analysis, window, note) = await AnalyzeAsync(targets, from, to, wholeFiles, TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
            var templates = analysis.Templates.Take(Math.Clamp(maxTemplates, 1, 200)).Select(Describe).ToList();
            return Fit(templates, kept => new
            {
                window,
                note,
                files = analysis.Files.Count,
                binaryFilesSkipped = analysis.BinaryFiles.Count == 0 ? null : analysis.BinaryFiles,
                unreadable = analysis.UnreadableFiles.Count == 0 ? null : analysis.UnreadableFiles,
                lines = analysis.Lines,
                linesInRange = analysis.LinesInRange,
                templateCount = analysis.Templates.Count,
                templates = kept,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error(e.Message);
        }
    }

    /// <summary>Finds the time windows with abnormally many error lines.</summary>
    [KernelFunction("error_spikes")]
    [Description("Counts ERROR/FATAL lines of the log sources on fixed time windows and lists the windows above the baseline (median) with the template behind most of their errors.")]
    public async Task<string> ErrorSpikesAsync(
        [Description("A source name from logs.sources, a configured log file or folder, or a file inside one; empty for every source of this track.")] string path = "",
        [Description("Window width: 30s, 5m, 1h or hh:mm:ss. Default 1m.")] string window = "1m",
        [Description("True to read whole sources, ignoring the incident window.")] bool wholeFiles = false,
        CancellationToken cancellationToken = default)
    {
        if (!TryDuration(window, out var width))
        {
            return Error($"window '{window}' is not a duration such as 30s, 5m, 1h or 00:05:00.");
        }

        if (!TryTargets(path, includeLoki: false, out var targets, out var error))
        {
            return Error(error);
        }

        try
        {
            var (analysis, incidentWindow, note) = await AnalyzeAsync(targets, null, null, wholeFiles, width, cancellationToken).ConfigureAwait(false);
            var texts = analysis.Templates.ToDictionary(t => t.Id, t => t.Text);
            var spikes = analysis.Spikes
                .OrderByDescending(s => s.Errors)
                .Take(50)
                .OrderBy(s => s.Start)
                .Select(s => new
                {
                    start = s.Start.ToString("O", CultureInfo.InvariantCulture),
                    errors = s.Errors,
                    lines = s.Lines,
                    topTemplate = texts.GetValueOrDefault(s.TopTemplateId),
                })
                .ToList();
            return Fit(spikes, kept => new
            {
                window = width.ToString("c", CultureInfo.InvariantCulture),
                incidentWindow,
                note,
                baselineErrorsPerWindow = analysis.ErrorBaseline,
                lines = analysis.Lines,
                errorLines = analysis.Templates.Sum(t => t.ErrorCount),
                spikes = kept,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error(e.Message);
        }
    }

    /// <summary>Greps the sources of the track (or one of them) with a regular expression.</summary>
    [KernelFunction("search")]
    [Description("Searches the log sources of this track, best first, for lines matching a regular expression (case-insensitive) and returns them as source:line: text, oldest first within each source; inside the incident window unless wholeFiles is true.")]
    public async Task<string> SearchAsync(
        [Description(".NET regular expression, e.g. 'timeout|refused'.")] string pattern,
        [Description("A source name from logs.sources, a configured log file or folder, or a file inside one; empty for every source of this track.")] string path = "",
        [Description("Most matching lines to return (1-500).")] int maxMatches = 50,
        [Description("True to read whole sources, ignoring the incident window.")] bool wholeFiles = false,
        CancellationToken cancellationToken = default)
    {
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            return Error($"invalid pattern: {e.Message}");
        }

        if (!TryTargets(path, includeLoki: true, out var targets, out var error))
        {
            return Error(error);
        }

        var window = wholeFiles ? null : selection.Window;
        var search = new SearchState(regex, Math.Clamp(maxMatches, 1, 500), _options.MaxOutputChars);
        if (selection.ForIncident)
        {
            search.Output.Append(CultureInfo.InvariantCulture, $"[searched: {string.Join("; ", targets.Select(t => $"{LogSourceSelection.Display(t.Source.Source)} ({t.Source.Reason})"))}]\n");
            if (window is not null)
            {
                search.Output.Append(CultureInfo.InvariantCulture, $"[incident window {window} around the start ({window.Reason}); lines without a timestamp kept, attachments read whole]\n");
            }
        }

        try
        {
            foreach (var target in targets)
            {
                var done = target.Source.Source.Kind switch
                {
                    LogSourceKind.Attachment => SearchLines(target.Source.Source.Name, reader.ReadLines(target.Source.Source.Content), search),
                    LogSourceKind.Loki => await SearchLokiAsync(target.Source.Source, search, window, cancellationToken).ConfigureAwait(false),
                    _ => await SearchFilesAsync(target.Root, search, window, cancellationToken).ConfigureAwait(false),
                };
                if (done)
                {
                    break;
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return Error("pattern too slow (over 1 s on one line); simplify it.");
        }

        if (targets.Count == 1 && search.LokiError is { } lokiError)
        {
            return Error(lokiError);
        }

        if (search.Full)
        {
            return Trim(search.Output.Append("[more matches not shown]").ToString());
        }

        return search.Matches > 0 ? Trim(search.Output.ToString()) : search.Output.Length == 0 ? "no match" : Trim(search.Output.Append("no match").ToString());
    }

    /// <summary>Queries Loki and mines the lines it returns.</summary>
    [KernelFunction("loki_query")]
    [Description("Runs a LogQL query against Loki over a time range and returns the lines collapsed into templates (or the raw lines when mine is false).")]
    public async Task<string> LokiQueryAsync(
        [Description("LogQL log query, e.g. {app=\"payments\"} |= \"error\"; empty for the configured application stream.")] string query = "",
        [Description("Start: ISO-8601 time or a duration back from now such as 15m, 2h. Default 1h.")] string since = "1h",
        [Description("End: ISO-8601 time; empty for now.")] string until = "",
        [Description("Most lines to fetch (1-5000).")] int limit = 1000,
        [Description("True to collapse the lines into templates, false for the raw lines.")] bool mine = true,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            query = selection.Sources.FirstOrDefault(s => s.Source.Kind == LogSourceKind.Loki)?.Source.LokiQuery ?? string.Empty;
            if (string.IsNullOrWhiteSpace(query))
            {
                return Error("no query given and no Loki stream configured for this track (Tools:Logs:LokiQuery or a source with a LokiQuery).");
            }
        }

        var now = timeProvider.GetUtcNow();
        DateTimeOffset start;
        if (TryDuration(since, out var back))
        {
            start = now - back;
        }
        else if (!TryTime(since, out var s, out var error) || s is null)
        {
            return Error($"since '{since}' is neither a duration nor an ISO-8601 time.");
        }
        else
        {
            start = s.Value;
        }

        if (!TryTime(until, out var u, out var untilError))
        {
            return Error(untilError);
        }

        IReadOnlyList<LokiEntry> entries;
        try
        {
            entries = await loki.QueryRangeAsync(query, start, u ?? now, Math.Clamp(limit, 1, 5000), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LokiException or HttpRequestException or InvalidOperationException or ArgumentException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Error($"Loki: {(e is TaskCanceledException ? "request timed out" : e.Message)}");
        }

        if (!mine)
        {
            var lines = entries.Select(e => $"{e.Timestamp:O} {Cut(e.Line, 300)}").ToList();
            return Fit(lines, kept => new { lines = entries.Count, entries = kept });
        }

        var miner = new LogTemplateMiner(minerOptions);
        foreach (var entry in entries)
        {
            var header = LogHeaderParser.Parse(entry.Line, now.Year);
            miner.Add(entry.Line, header with { Timestamp = header.Timestamp ?? entry.Timestamp });
        }

        var templates = miner.GetTemplates().Take(50).Select(Describe).ToList();
        return Fit(templates, kept => new { lines = entries.Count, templateCount = miner.GetTemplates().Count, templates = kept });
    }

    /// <summary>Mines the targets: files within the incident window (or the caller's range), attachments whole; when the
    /// window holds no file line, the files are mined whole and the note says so.</summary>
    private async Task<(LogAnalysis Analysis, string? Window, string? Note)> AnalyzeAsync(
        IReadOnlyList<Target> targets,
        DateTimeOffset? since,
        DateTimeOffset? until,
        bool wholeFiles,
        TimeSpan spikeWindow,
        CancellationToken cancellationToken)
    {
        var roots = targets.Where(t => t.Source.Source.Kind == LogSourceKind.Path).Select(t => t.Root).ToList();
        var texts = targets.Where(t => t.Source.Source.Kind == LogSourceKind.Attachment).Select(t => t.Source.Source).ToList();
        var window = since is null && until is null && !wholeFiles ? selection.Window : null;
        if (window is null)
        {
            return (await analyzer.AnalyzeAsync(roots, texts, since, until, keepUntimed: false, spikeWindow, cancellationToken).ConfigureAwait(false), null, null);
        }

        var analysis = await analyzer.AnalyzeAsync(roots, texts, window.From, window.To, keepUntimed: true, spikeWindow, cancellationToken).ConfigureAwait(false);
        var textLines = texts.Sum(t => (long)reader.ReadLines(t.Content).Count());
        if (roots.Count > 0 && analysis.LinesInRange == textLines && analysis.Lines > textLines)
        {
            var whole = await analyzer.AnalyzeAsync(roots, texts, null, null, keepUntimed: false, spikeWindow, cancellationToken).ConfigureAwait(false);
            return (whole, window.ToString(), $"no file line falls in the incident window {window} ({window.Reason}): whole files mined");
        }

        return (analysis, window.ToString(), null);
    }

    /// <summary>Greps the files behind <paramref name="root"/>; true when the answer is full.</summary>
    private async Task<bool> SearchFilesAsync(string root, SearchState search, LogWindow? window, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> files;
        try
        {
            files = reader.ListFiles(root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            search.Output.Append(CultureInfo.InvariantCulture, $"[{root}: {e.Message}]\n");
            return false;
        }

        foreach (var file in files)
        {
            try
            {
                if (reader.IsBinary(file))
                {
                    search.Output.Append(CultureInfo.InvariantCulture, $"[{file}: binary file skipped]\n");
                    continue;
                }

                if (await SearchFileAsync(file, search, window, cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                search.Output.Append(CultureInfo.InvariantCulture, $"[{file}: unreadable ({e.Message})]\n");
            }
        }

        return false;
    }

    /// <summary>Greps one file inside <paramref name="window"/>; a file with timestamps but none inside is read again whole.</summary>
    private async Task<bool> SearchFileAsync(string file, SearchState search, LogWindow? window, CancellationToken cancellationToken)
    {
        var year = timeProvider.GetUtcNow().Year;
        var number = 0;
        var inside = 0;
        DateTimeOffset? last = null;
        DateTimeOffset? first = null;
        await foreach (var line in reader.ReadLinesAsync(file, cancellationToken).ConfigureAwait(false))
        {
            number++;
            if (window is not null)
            {
                var at = LogHeaderParser.Parse(line, year).Timestamp ?? last;
                last = at;
                first ??= at;
                if (at is not null && (at < window.From || at >= window.To))
                {
                    continue;
                }

                inside++;
            }

            if (search.Regex.IsMatch(line) && search.Add($"{file}:{number}: {Cut(line, 300)}"))
            {
                return true;
            }
        }

        if (window is null || inside > 0 || number == 0)
        {
            return false;
        }

        search.Output.Append(CultureInfo.InvariantCulture, $"[{file}: no line in the incident window {window} (its lines run {first:yyyy-MM-dd HH:mm}–{last:yyyy-MM-dd HH:mm}): read whole]\n");
        return await SearchFileAsync(file, search, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Greps in-memory lines (an attachment, read whole); true when the answer is full.</summary>
    private static bool SearchLines(string name, IEnumerable<string> lines, SearchState search)
    {
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (search.Regex.IsMatch(line) && search.Add($"{name}:{number}: {Cut(line, 300)}"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Searches a Loki stream over the incident window (or <see cref="LogSourcesOptions.LokiLookBack"/> back from
    /// now); Loki filters with the pattern (RE2) and the .NET expression checks each line again, so both engines agree on
    /// what is shown. An unreachable Loki becomes a bracketed note. True when the answer is full.</summary>
    private async Task<bool> SearchLokiAsync(LogSource source, SearchState search, LogWindow? window, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var pattern = search.Regex.ToString();
        var filter = pattern.Contains('`', StringComparison.Ordinal)
            ? "\"(?i)" + pattern.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : "`(?i)" + pattern + "`";
        IReadOnlyList<LokiEntry> entries;
        try
        {
            var (from, to) = window is null ? (now - sources.LokiLookBack, now) : (window.From, window.To < now ? window.To : now);
            entries = await loki.QueryRangeAsync($"{source.LokiQuery} |~ {filter}", from, to, 5000, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LokiException or HttpRequestException or InvalidOperationException or ArgumentException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            search.LokiError = $"Loki: {(e is TaskCanceledException ? "request timed out" : e.Message)}";
            search.Output.Append(CultureInfo.InvariantCulture, $"[{source.Name}: {search.LokiError}]\n");
            return false;
        }

        foreach (var entry in entries)
        {
            if (search.Regex.IsMatch(entry.Line) && search.Add($"{source.Name}:{entry.Timestamp:O}: {Cut(entry.Line, 300)}"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Resolves <paramref name="path"/> to what to read: every source of the track when empty (the untagged Loki
    /// stream only when no file or folder is configured), else the source it names or the configured file or folder it
    /// is or lies inside.</summary>
    private bool TryTargets(string path, bool includeLoki, out IReadOnlyList<Target> targets, out string error)
    {
        targets = [];
        error = string.Empty;
        var all = selection.Sources;
        if (all.Count == 0 || (!includeLoki && !selection.HasReadableSources))
        {
            error = "no log file or folder is configured (Tools:Logs:Paths or Tools:Logs:Sources) and the incident has no log attachment.";
            return false;
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            targets = all
                .Where(s => s.Source.Kind != LogSourceKind.Loki || (includeLoki && !string.IsNullOrWhiteSpace(_options.LokiBaseUrl) && (!s.Source.Legacy || !selection.HasPaths)))
                .Select(s => new Target(s, s.Source.Path))
                .ToList();
            if (targets.Count == 0)
            {
                error = "no log file or folder is configured for this track (Tools:Logs:Paths or Tools:Logs:Sources).";
                return false;
            }

            return true;
        }

        var named = all.Where(s => string.Equals(s.Source.Name, path.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        if (named.Count == 0)
        {
            named = all.Where(s => string.Equals(LogSourceSelection.Display(s.Source), path.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        }

        if (named.Count == 1 && (includeLoki || named[0].Source.Kind != LogSourceKind.Loki))
        {
            targets = [new Target(named[0], named[0].Source.Path)];
            return true;
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            full = string.Empty;
        }

        var inside = all.FirstOrDefault(s => s.Source.Kind == LogSourceKind.Path && full.Length > 0
            && (full == s.Source.Path || full.StartsWith(s.Source.Path.EndsWith(Path.DirectorySeparatorChar) ? s.Source.Path : s.Source.Path + Path.DirectorySeparatorChar, StringComparison.Ordinal)));
        if (inside is not null)
        {
            targets = [new Target(inside, full)];
            return true;
        }

        error = $"'{path}' is not one of the configured log sources of this track ({string.Join(", ", all.Where(s => includeLoki || s.Source.Kind != LogSourceKind.Loki).Select(s => s.Source.Name))}); call logs.sources to list them, or leave the path empty to read them all.";
        return false;
    }

    /// <summary>A source to read and, for a file or folder, the root inside it.</summary>
    private sealed record Target(RankedLogSource Source, string Root);

    /// <summary>The answer of one <c>search</c> being built.</summary>
    private sealed class SearchState(Regex regex, int limit, int maxChars)
    {
        public Regex Regex { get; } = regex;

        public StringBuilder Output { get; } = new();

        public int Matches { get; private set; }

        public bool Full { get; private set; }

        public string? LokiError { get; set; }

        /// <summary>Adds a matching line; true when the answer is full.</summary>
        public bool Add(string line)
        {
            Output.Append(line).Append('\n');
            Full = ++Matches >= limit || Output.Length > maxChars;
            return Full;
        }
    }

    private static object Describe(LogTemplate t) => new
    {
        id = t.Id,
        template = Cut(t.Text, 300),
        count = t.Count,
        errors = t.ErrorCount == 0 ? (long?)null : t.ErrorCount,
        level = t.Severity == LogSeverity.Unknown ? null : t.Severity.ToString(),
        first = t.FirstSeen?.ToString("O", CultureInfo.InvariantCulture),
        last = t.LastSeen?.ToString("O", CultureInfo.InvariantCulture),
        peak = t.PeakBurst is { Count: > 1 } b ? $"{b.Count} in {b.Window:c} from {b.Start:O}" : null,
    };

    /// <summary>Serialises the answer, dropping items from the end of the list until it fits the output budget.</summary>
    private string Fit<T>(IReadOnlyList<T> items, Func<IReadOnlyList<T>, object> build)
    {
        var count = items.Count;
        while (true)
        {
            var kept = items.Take(count).ToList();
            var text = JsonSerializer.Serialize(build(kept), Json);
            if (text.Length <= _options.MaxOutputChars || count == 0)
            {
                return count < items.Count ? text[..^1] + $",\"omitted\":{items.Count - count}}}" : text;
            }

            count = count > 8 ? count * 3 / 4 : count - 1;
        }
    }

    private string Trim(string text) =>
        text.Length <= _options.MaxOutputChars ? text : text[.._options.MaxOutputChars] + "\n[cut]";

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private static string Error(string message) => JsonSerializer.Serialize(new { error = message }, Json);

    private static bool TryTime(string text, out DateTimeOffset? time, out string error)
    {
        time = null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        error = $"'{text}' is not an ISO-8601 time such as 2024-05-01T10:00:00Z.";
        return false;
    }

    /// <summary>Parses 30s, 5m, 2h, 1d or a .NET TimeSpan (00:05:00).</summary>
    internal static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        if (text.Length >= 2 && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            duration = char.ToLowerInvariant(text[^1]) switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                _ => default,
            };
            if (duration > TimeSpan.Zero)
            {
                return true;
            }
        }

        return text.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }
}
