namespace AgentOps.Core.Diagnostics.Logs;

/// <summary>
/// Counts error lines on fixed time windows aligned on multiples of <see cref="ErrorSpikeOptions.Window"/> since the
/// Unix epoch (so two logs of the same period share their windows) and reports the windows above the baseline. Lines
/// without a timestamp are ignored. Memory grows with the number of non-empty windows, not with the lines.
/// </summary>
public sealed class ErrorSpikeDetector
{
    private readonly ErrorSpikeOptions _options;
    private readonly long _windowTicks;
    private readonly Dictionary<long, Bucket> _buckets = [];

    /// <summary>Creates a detector.</summary>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    public ErrorSpikeDetector(ErrorSpikeOptions? options = null)
    {
        _options = options ?? new ErrorSpikeOptions();
        _windowTicks = Math.Max(TimeSpan.TicksPerSecond, _options.Window.Ticks);
    }

    /// <summary>Counts one line.</summary>
    /// <param name="header">Header of the line (timestamp and level).</param>
    /// <param name="groupId">Template or cluster id of the line (see <see cref="Spikes"/>), 0 when unknown.</param>
    public void Add(LogLineHeader header, int groupId = 0)
    {
        if (header.Timestamp is not { } timestamp)
        {
            return;
        }

        var key = timestamp.UtcTicks / _windowTicks;
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            bucket = new Bucket();
            _buckets.Add(key, bucket);
        }

        bucket.Lines++;
        if (header.IsError)
        {
            bucket.Errors++;
            if (groupId != 0)
            {
                bucket.ErrorsByGroup[groupId] = bucket.ErrorsByGroup.GetValueOrDefault(groupId) + 1;
            }
        }
    }

    /// <summary>The median number of errors per window from the first to the last window seen (0 when no line).</summary>
    public double Baseline()
    {
        if (_buckets.Count == 0)
        {
            return 0;
        }

        var first = _buckets.Keys.Min();
        var last = _buckets.Keys.Max();
        var span = last - first + 1;
        var counts = _buckets.Values.Select(b => b.Errors).ToList();
        var empty = span - counts.Count;
        counts.Sort();
        return Median(counts, empty, span);
    }

    /// <summary>Windows whose error count is at least <see cref="ErrorSpikeOptions.MinErrors"/> and above
    /// baseline × <see cref="ErrorSpikeOptions.Factor"/>, in time order.</summary>
    /// <param name="templateOf">Maps the group ids given to <see cref="Add"/> to template ids (for instance
    /// <see cref="LogTemplateMiner.TemplateIdOf"/> when cluster ids were given); <see langword="null"/> keeps them.</param>
    public IReadOnlyList<ErrorSpike> Spikes(Func<int, int>? templateOf = null)
    {
        var baseline = Baseline();
        var threshold = Math.Max(_options.MinErrors - 0.5, baseline * _options.Factor);
        return
        [
            .. _buckets
                .Where(b => b.Value.Errors > threshold)
                .OrderBy(b => b.Key)
                .Select(b => new ErrorSpike(
                    new DateTimeOffset(b.Key * _windowTicks, TimeSpan.Zero),
                    TimeSpan.FromTicks(_windowTicks),
                    b.Value.Errors,
                    b.Value.Lines,
                    baseline,
                    TopTemplate(b.Value, templateOf))),
        ];
    }

    private static int TopTemplate(Bucket bucket, Func<int, int>? templateOf)
    {
        if (bucket.ErrorsByGroup.Count == 0)
        {
            return 0;
        }

        var byTemplate = new Dictionary<int, long>();
        foreach (var (group, errors) in bucket.ErrorsByGroup)
        {
            var id = templateOf is null ? group : templateOf(group);
            byTemplate[id] = byTemplate.GetValueOrDefault(id) + errors;
        }

        return byTemplate.OrderByDescending(p => p.Value).ThenBy(p => p.Key).First().Key;
    }

    private static double Median(List<long> sortedNonEmpty, long emptyWindows, long span)
    {
        // The empty windows are zeros in front of the sorted counts.
        double At(long index) => index < emptyWindows ? 0 : sortedNonEmpty[(int)(index - emptyWindows)];
        return span % 2 == 1 ? At(span / 2) : (At((span / 2) - 1) + At(span / 2)) / 2.0;
    }

    private sealed class Bucket
    {
        public long Lines { get; set; }

        public long Errors { get; set; }

        public Dictionary<int, long> ErrorsByGroup { get; } = [];
    }
}
