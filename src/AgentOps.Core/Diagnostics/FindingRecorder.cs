using AgentOps.Core.Model;

namespace AgentOps.Core.Diagnostics;

/// <summary>
/// Builds the findings of one track with stable ids (<c>F-{track}-{n}</c>) and timestamps from the clock. Thread-safe:
/// the runner reads what a track found so far when the track runs out of time.
/// </summary>
public sealed class FindingRecorder
{
    private readonly int _trackNumber;
    private readonly TimeProvider _time;
    private readonly List<Finding> _findings = [];
    private readonly int _offset;

    /// <summary>Creates a recorder for track <paramref name="trackNumber"/> whose ids start after <paramref name="existing"/> findings.</summary>
    public FindingRecorder(int trackNumber, TimeProvider time, int existing = 0)
    {
        _trackNumber = trackNumber;
        _time = time;
        _offset = existing;
    }

    /// <summary>The findings recorded so far, in order.</summary>
    public IReadOnlyList<Finding> Findings
    {
        get
        {
            lock (_findings)
            {
                return [.. _findings];
            }
        }
    }

    /// <summary>Records a finding.</summary>
    /// <param name="category">One of <see cref="FindingCategories"/>.</param>
    /// <param name="claim">One sentence.</param>
    /// <param name="confidence">0 to 1; clamped.</param>
    /// <param name="source">Tool and target, e.g. <c>postgres.connections</c>.</param>
    /// <param name="excerpt">The observed value or text, trimmed to 500 characters.</param>
    /// <param name="data">Structured details (table, column...).</param>
    /// <param name="observedSince">When the effect started, if known.</param>
    /// <returns>The finding.</returns>
    public Finding Add(
        string category,
        string claim,
        double confidence,
        string source,
        string excerpt,
        IReadOnlyDictionary<string, string>? data = null,
        DateTimeOffset? observedSince = null)
    {
        var now = _time.GetUtcNow();
        lock (_findings)
        {
            var finding = new Finding($"F-{_trackNumber}-{_offset + _findings.Count + 1}", _trackNumber, claim, Math.Round(Math.Clamp(confidence, 0, 1), 2), now)
            {
                Category = category,
                Evidence = [new Evidence(source, Trim(excerpt, 500), now)],
                Data = data ?? new Dictionary<string, string>(),
                ObservedSince = observedSince,
            };
            _findings.Add(finding);
            return finding;
        }
    }

    /// <summary>Records that a tool could not be used, with the reason.</summary>
    public Finding ToolUnavailable(string source, string error) =>
        Add(FindingCategories.ToolUnavailable, $"Tool {source} could not be used: {Trim(error, 200)}", 0.2, source, error);

    /// <summary>Cuts <paramref name="text"/> to <paramref name="max"/> characters, marking the cut.</summary>
    public static string Trim(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
    }
}
