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
/// Semantic Kernel native plugin over the configured log sources (<see cref="LogSourcesOptions"/>: files, folders, a Loki
/// stream selector): the one log tool of the offline playbooks and of the LLM agents. Reads nothing outside its sources.
/// Every function answers compact JSON (or text for <c>search</c>) cut to <see cref="LogsOptions.MaxOutputChars"/>, and
/// turns bad input or an unreachable source into an <c>{"error": ...}</c> answer rather than an exception, so that an
/// investigation goes on. Build it with <see cref="LogsPluginFactory"/>.
/// </summary>
public sealed class LogsPlugin(
    LogAnalyzer analyzer,
    LogFileReader reader,
    LokiClient loki,
    LogSourcesOptions sources,
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

    /// <summary>Collapses the lines of a file or folder into templates.</summary>
    [KernelFunction("mine_templates")]
    [Description("Collapses the lines of a log file or folder into templates (variables as <*>) with counts, errors, level, first and last seen and peak burst, most frequent first.")]
    public async Task<string> MineTemplatesAsync(
        [Description("A configured log file or folder, or a file inside one; empty for every configured source.")] string path = "",
        [Description("Only lines at or after this time, ISO-8601 (e.g. 2024-05-01T10:00:00Z); empty for no bound.")] string since = "",
        [Description("Only lines before this time, ISO-8601; empty for no bound.")] string until = "",
        [Description("Most templates to return (1-200).")] int maxTemplates = 20,
        CancellationToken cancellationToken = default)
    {
        if (!TryTime(since, out var from, out var error) || !TryTime(until, out var to, out error) || !TryRoots(path, out var roots, out error))
        {
            return Error(error);
        }

        try
        {
            var analysis = await analyzer.AnalyzeAsync(roots, from, to, TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
            var templates = analysis.Templates.Take(Math.Clamp(maxTemplates, 1, 200)).Select(Describe).ToList();
            return Fit(templates, kept => new
            {
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
    [Description("Counts ERROR/FATAL lines of a log file or folder on fixed time windows and lists the windows above the baseline (median) with the template behind most of their errors.")]
    public async Task<string> ErrorSpikesAsync(
        [Description("A configured log file or folder, or a file inside one; empty for every configured source.")] string path = "",
        [Description("Window width: 30s, 5m, 1h or hh:mm:ss. Default 1m.")] string window = "1m",
        CancellationToken cancellationToken = default)
    {
        if (!TryDuration(window, out var width))
        {
            return Error($"window '{window}' is not a duration such as 30s, 5m, 1h or 00:05:00.");
        }

        if (!TryRoots(path, out var roots, out var error))
        {
            return Error(error);
        }

        try
        {
            var analysis = await analyzer.AnalyzeAsync(roots, null, null, width, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Greps the configured sources (or one of them) with a regular expression.</summary>
    [KernelFunction("search")]
    [Description("Searches the application logs for lines matching a regular expression (case-insensitive) and returns them as source:line: text, oldest first.")]
    public async Task<string> SearchAsync(
        [Description(".NET regular expression, e.g. 'timeout|refused'.")] string pattern,
        [Description("A configured log file or folder, or a file inside one; empty for every configured source (Loki when no file is configured).")] string path = "",
        [Description("Most matching lines to return (1-500).")] int maxMatches = 50,
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

        var limit = Math.Clamp(maxMatches, 1, 500);
        if (string.IsNullOrWhiteSpace(path) && !sources.HasPaths && IsLokiSearchable)
        {
            return await SearchLokiAsync(pattern, regex, limit, cancellationToken).ConfigureAwait(false);
        }

        if (!TryRoots(path, out var roots, out var error))
        {
            return Error(error);
        }

        var output = new StringBuilder();
        var matches = 0;
        foreach (var file in ListFiles(roots, output))
        {
            try
            {
                if (reader.IsBinary(file))
                {
                    output.Append(CultureInfo.InvariantCulture, $"[{file}: binary file skipped]\n");
                    continue;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                output.Append(CultureInfo.InvariantCulture, $"[{file}: unreadable ({e.Message})]\n");
                continue;
            }

            var number = 0;
            await foreach (var line in reader.ReadLinesAsync(file, cancellationToken).ConfigureAwait(false))
            {
                number++;
                bool hit;
                try
                {
                    hit = regex.IsMatch(line);
                }
                catch (RegexMatchTimeoutException)
                {
                    return Error("pattern too slow (over 1 s on one line); simplify it.");
                }

                if (!hit)
                {
                    continue;
                }

                output.Append(CultureInfo.InvariantCulture, $"{file}:{number}: {Cut(line, 300)}\n");
                if (++matches >= limit || output.Length > _options.MaxOutputChars)
                {
                    return Trim(output.Append("[more matches not shown]").ToString());
                }
            }
        }

        return matches > 0 ? Trim(output.ToString()) : output.Length == 0 ? "no match" : Trim(output.Append("no match").ToString());
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
            query = sources.LokiQuery;
            if (string.IsNullOrWhiteSpace(query))
            {
                return Error("no query given and no application stream configured (Tools:Logs:LokiQuery).");
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

    /// <summary>Whether <c>search</c> can fall back on Loki: a server and an application stream are configured.</summary>
    private bool IsLokiSearchable => !string.IsNullOrWhiteSpace(_options.LokiBaseUrl) && !string.IsNullOrWhiteSpace(sources.LokiQuery);

    /// <summary>Searches the configured Loki stream over <see cref="LogSourcesOptions.LokiLookBack"/>; Loki filters with the
    /// pattern (RE2) and the .NET expression checks each line again, so both engines agree on what is shown.</summary>
    private async Task<string> SearchLokiAsync(string pattern, Regex regex, int limit, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var filter = pattern.Contains('`', StringComparison.Ordinal)
            ? "\"(?i)" + pattern.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : "`(?i)" + pattern + "`";
        IReadOnlyList<LokiEntry> entries;
        try
        {
            entries = await loki.QueryRangeAsync($"{sources.LokiQuery} |~ {filter}", now - sources.LokiLookBack, now, 5000, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LokiException or HttpRequestException or InvalidOperationException or ArgumentException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Error($"Loki: {(e is TaskCanceledException ? "request timed out" : e.Message)}");
        }

        var output = new StringBuilder();
        var matches = 0;
        foreach (var entry in entries)
        {
            try
            {
                if (!regex.IsMatch(entry.Line))
                {
                    continue;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                return Error("pattern too slow (over 1 s on one line); simplify it.");
            }

            output.Append(CultureInfo.InvariantCulture, $"loki:{entry.Timestamp:O}: {Cut(entry.Line, 300)}\n");
            if (++matches >= limit || output.Length > _options.MaxOutputChars)
            {
                return Trim(output.Append("[more matches not shown]").ToString());
            }
        }

        return matches == 0 ? "no match" : Trim(output.ToString());
    }

    /// <summary>Resolves <paramref name="path"/> to the roots to read: every configured path when empty, else the path
    /// itself provided it is a configured source or lies inside one.</summary>
    private bool TryRoots(string path, out IReadOnlyList<string> roots, out string error)
    {
        var configured = sources.Paths.Where(p => !string.IsNullOrWhiteSpace(p)).Select(Path.GetFullPath).ToList();
        roots = configured;
        error = string.Empty;
        if (configured.Count == 0)
        {
            error = "no log file or folder is configured (Tools:Logs:Paths).";
            return false;
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            return true;
        }

        var full = Path.GetFullPath(path);
        if (configured.Exists(root => full == root || full.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            roots = [full];
            return true;
        }

        error = $"'{path}' is not one of the configured log sources ({string.Join(", ", configured)}); leave the path empty to read them all.";
        return false;
    }

    /// <summary>The files behind the roots; a missing or unreadable root becomes a bracketed note in <paramref name="notes"/>.</summary>
    private List<string> ListFiles(IReadOnlyList<string> roots, StringBuilder notes)
    {
        var files = new List<string>();
        foreach (var root in roots)
        {
            try
            {
                files.AddRange(reader.ListFiles(root));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                notes.Append(CultureInfo.InvariantCulture, $"[{root}: {e.Message}]\n");
            }
        }

        return files;
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
