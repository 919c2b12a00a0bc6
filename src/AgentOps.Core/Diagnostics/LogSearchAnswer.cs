using System.Globalization;
using System.Text.RegularExpressions;

namespace AgentOps.Core.Diagnostics;

/// <summary>Reads the text answer of <c>logs.search</c>: <c>source:line: text</c> matches, bracketed notes (the first one
/// saying what was searched and why, when the search works for an incident), and the log timestamps of the matches.</summary>
internal static partial class LogSearchAnswer
{
    private const string SearchedPrefix = "[searched: ";

    /// <summary>The lines of an answer that are matches (not bracketed notes, not "no match").</summary>
    public static List<string> Matches(IEnumerable<string> lines) => lines.Where(l => !l.StartsWith('[') && l != "no match").ToList();

    /// <summary>What the search says it read, from its <c>[searched: ...]</c> note; null when it does not say.</summary>
    public static string? Searched(IEnumerable<string> lines) =>
        lines.FirstOrDefault(l => l.StartsWith(SearchedPrefix, StringComparison.Ordinal)) is { } note ? note[SearchedPrefix.Length..^1] : null;

    /// <summary>The ISO-8601 time of a log line (PostgreSQL's <c>2026-11-23 09:00:01.123 UTC</c> included), as UTC; null when it has none.</summary>
    public static DateTimeOffset? Timestamp(string line)
    {
        var match = IsoTimestamp().Match(line);
        return match.Success && DateTimeOffset.TryParse(match.Value.Replace(" UTC", "Z", StringComparison.Ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2}| UTC)?")]
    private static partial Regex IsoTimestamp();
}
