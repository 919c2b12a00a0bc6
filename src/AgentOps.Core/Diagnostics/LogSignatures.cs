using System.Globalization;

namespace AgentOps.Core.Diagnostics;

/// <summary>
/// Log messages of PostgreSQL and Redis that prove a finding, searched by the database and cache playbooks in the log
/// sources of their track (<c>logs.search</c>: sources tagged for the track, and untagged ones) with one call.
/// </summary>
internal static class LogSignatures
{
    /// <summary>PostgreSQL server messages.</summary>
    public static readonly IReadOnlyList<LogSignature> Database =
    [
        new(FindingCategories.DbPoolSaturated, @"sorry, too many clients already|remaining connection slots are reserved|too many connections", "The database refused connections for lack of slots ({0} log line(s){1})."),
        new(FindingCategories.DbBlocking, @"deadlock detected|canceling statement due to lock timeout|still waiting for \w*Lock", "Sessions blocked each other on locks in the database ({0} log line(s){1})."),
        new(FindingCategories.DbSlowQuery, @"canceling statement due to statement timeout|duration: \d{4,}(\.\d+)? ms", "Statements ran for seconds or hit the statement timeout ({0} log line(s){1})."),
    ];

    /// <summary>Redis server and client messages.</summary>
    public static readonly IReadOnlyList<LogSignature> Cache =
    [
        new(FindingCategories.CachePoolExhausted, @"max number of clients reached", "Redis refused clients: max number of clients reached ({0} log line(s){1})."),
        new(FindingCategories.CacheMemoryPressure, @"OOM command not allowed|used memory > 'maxmemory'", "Redis refused writes for lack of memory ({0} log line(s){1})."),
    ];

    /// <summary>Searches the track's logs for <paramref name="signatures"/> and records one finding per signature seen.</summary>
    public static async Task CheckAsync(TrackContext context, IReadOnlyList<LogSignature> signatures, FindingRecorder recorder, CancellationToken cancellationToken)
    {
        if (!context.Tools.Has("logs", "search"))
        {
            return;
        }

        var pattern = string.Join("|", signatures.Select(s => $"(?:{s.Pattern})"));
        string raw;
        try
        {
            raw = await context.Tools.InvokeAsync("logs", "search", new Dictionary<string, object?> { ["pattern"] = pattern, ["maxMatches"] = 200 }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // A tool failure is evidence, not a crash: it becomes a finding.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            recorder.ToolUnavailable("logs.search", ex.Message);
            return;
        }

        if (raw.TrimStart().StartsWith('{'))
        {
            // A JSON answer is an error (no source for this track, bad pattern): worth saying only if it is not "nothing configured".
            var output = ToolOutput.Parse("logs.search", raw);
            if (output.Error is { } error && !error.Contains("no log file or folder is configured", StringComparison.Ordinal))
            {
                recorder.ToolUnavailable("logs.search", error);
            }

            return;
        }

        var lines = raw.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var searched = LogSearchAnswer.Searched(lines);
        var matches = LogSearchAnswer.Matches(lines);
        foreach (var signature in signatures)
        {
            var hits = matches.Where(l => signature.Regex.IsMatch(l)).ToList();
            if (hits.Count == 0)
            {
                continue;
            }

            var since = hits.Select(LogSearchAnswer.Timestamp).Where(t => t.HasValue).Min();
            var data = new Dictionary<string, string> { ["lines"] = hits.Count.ToString(CultureInfo.InvariantCulture) };
            if (searched is not null)
            {
                data["log_sources"] = searched;
            }

            recorder.Add(
                signature.Category,
                string.Format(CultureInfo.InvariantCulture, signature.Claim, hits.Count, since is { } s ? $" since {s:yyyy-MM-dd HH:mm:ss} UTC" : string.Empty),
                Math.Min(0.85, 0.6 + (0.05 * hits.Count)),
                "logs.search",
                string.Join(" | ", hits.Take(2)),
                data,
                since);
        }
    }
}
