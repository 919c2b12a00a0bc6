using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using AgentOps.Core.Diagnostics.Logs;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>
/// Semantic Kernel native plugin over log files, folders and Loki. Every function answers compact JSON (or text for
/// <c>search</c>) cut to <see cref="LogsOptions.MaxOutputChars"/>, and turns bad input or an unreachable source into an
/// <c>{"error": ...}</c> answer rather than an exception, so that an investigation goes on.
/// </summary>
public sealed class LogsPlugin(
    LogAnalyzer analyzer,
    LogFileReader reader,
    LokiClient loki,
    IOptions<LogsOptions> options,
    IOptions<LogTemplateMinerOptions> minerOptions,
    TimeProvider timeProvider)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly LogsOptions _options = options.Value;

    /// <summary>Collapses the lines of a file or folder into templates.</summary>
    [KernelFunction("mine_templates")]
    [Description("Collapses the lines of a log file or folder into templates (variables as <*>) with counts, errors, level, first and last seen and peak burst, most frequent first.")]
    public async Task<string> MineTemplatesAsync(
        [Description("Path of a log file (.log, .txt, .gz) or of a folder of logs.")] string path,
        [Description("Only lines at or after this time, ISO-8601 (e.g. 2024-05-01T10:00:00Z); empty for no bound.")] string since = "",
        [Description("Only lines before this time, ISO-8601; empty for no bound.")] string until = "",
        [Description("Most templates to return (1-200).")] int maxTemplates = 20,
        CancellationToken cancellationToken = default)
    {
        if (!TryTime(since, out var from, out var error) || !TryTime(until, out var to, out error))
        {
            return Error(error);
        }

        try
        {
            var analysis = await analyzer.AnalyzeAsync(path, from, to, TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
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
        [Description("Path of a log file or folder.")] string path,
        [Description("Window width: 30s, 5m, 1h or hh:mm:ss. Default 1m.")] string window = "1m",
        CancellationToken cancellationToken = default)
    {
        if (!TryDuration(window, out var width))
        {
            return Error($"window '{window}' is not a duration such as 30s, 5m, 1h or 00:05:00.");
        }

        try
        {
            var analysis = await analyzer.AnalyzeAsync(path, null, null, width, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Greps a file or folder with a regular expression.</summary>
    [KernelFunction("search")]
    [Description("Searches a log file or folder for lines matching a regular expression (case-insensitive) and returns them as file:line: text.")]
    public async Task<string> SearchAsync(
        [Description("Path of a log file or folder.")] string path,
        [Description(".NET regular expression, e.g. 'timeout|refused'.")] string pattern,
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

        IReadOnlyList<string> files;
        try
        {
            files = reader.ListFiles(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error(e.Message);
        }

        var limit = Math.Clamp(maxMatches, 1, 500);
        var output = new StringBuilder();
        var matches = 0;
        foreach (var file in files)
        {
            try
            {
                if (reader.IsBinary(file))
                {
                    output.Append(CultureInfo.InvariantCulture, $"{file}: binary file skipped\n");
                    continue;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                output.Append(CultureInfo.InvariantCulture, $"{file}: unreadable ({e.Message})\n");
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

        return matches == 0 ? "no match" : Trim(output.ToString());
    }

    /// <summary>Queries Loki and mines the lines it returns.</summary>
    [KernelFunction("loki_query")]
    [Description("Runs a LogQL query against Loki over a time range and returns the lines collapsed into templates (or the raw lines when mine is false).")]
    public async Task<string> LokiQueryAsync(
        [Description("LogQL log query, e.g. {app=\"payments\"} |= \"error\".")] string query,
        [Description("Start: ISO-8601 time or a duration back from now such as 15m, 2h. Default 1h.")] string since = "1h",
        [Description("End: ISO-8601 time; empty for now.")] string until = "",
        [Description("Most lines to fetch (1-5000).")] int limit = 1000,
        [Description("True to collapse the lines into templates, false for the raw lines.")] bool mine = true,
        CancellationToken cancellationToken = default)
    {
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

        var miner = new LogTemplateMiner(minerOptions.Value);
        foreach (var entry in entries)
        {
            var header = LogHeaderParser.Parse(entry.Line, now.Year);
            miner.Add(entry.Line, header with { Timestamp = header.Timestamp ?? entry.Timestamp });
        }

        var templates = miner.GetTemplates().Take(50).Select(Describe).ToList();
        return Fit(templates, kept => new { lines = entries.Count, templateCount = miner.GetTemplates().Count, templates = kept });
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
