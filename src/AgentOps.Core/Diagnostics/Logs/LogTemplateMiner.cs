namespace AgentOps.Core.Diagnostics.Logs;

/// <summary>
/// Online Drain-style template miner: each line's message is split on white space, variable tokens are masked
/// (<see cref="LogTokenClassifier"/>), then a fixed-depth tree keyed by token count and leading tokens leads to a few
/// candidate templates; the most similar one above <see cref="LogTemplateMinerOptions.SimilarityThreshold"/> absorbs the
/// line (differing positions become <c>&lt;*&gt;</c>), otherwise the line starts a new template. When templates are
/// read, those that became the same text are merged. Tokens are interned as integers and compared as such; a line
/// costs no allocation unless it creates a template. Not thread-safe: one miner per stream.
/// </summary>
public sealed class LogTemplateMiner
{
    private const int WildcardId = 0;
    private const int UnseenId = -1;

    private readonly LogTemplateMinerOptions _options;
    private readonly Dictionary<string, int> _vocabulary = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _words = [];
    private readonly List<bool> _wordIsVariable = [];
    private readonly Dictionary<int, Node> _byLength = [];
    private readonly List<Cluster> _clusters = [];
    private readonly long _burstTicks;
    private int[] _ids = new int[64];
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];
    private char[] _maskBuffer = new char[256];
    private int[]? _resolved;
    private List<LogTemplate>? _templates;

    /// <summary>Creates a miner.</summary>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    public LogTemplateMiner(LogTemplateMinerOptions? options = null)
    {
        _options = options ?? new LogTemplateMinerOptions();
        _lookup = _vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        _burstTicks = Math.Max(TimeSpan.TicksPerSecond, _options.BurstWindow.Ticks);
        Intern(LogTokenClassifier.Wildcard);
    }

    /// <summary>Lines added so far.</summary>
    public long LineCount { get; private set; }

    /// <summary>Templates created so far, before merging.</summary>
    public int ClusterCount => _clusters.Count;

    /// <summary>Parses the header of a raw line (<see cref="LogHeaderParser"/>) and mines its message.</summary>
    /// <param name="line">One raw log line without its terminator.</param>
    /// <returns>The cluster id of the line; map it to a template id with <see cref="TemplateIdOf"/>.</returns>
    public int Add(ReadOnlySpan<char> line) => Add(line, LogHeaderParser.Parse(line, _options.DefaultYear));

    /// <summary>Mines the message of a line whose header was already parsed.</summary>
    /// <param name="line">The raw line.</param>
    /// <param name="header">Its header; the message starts at <see cref="LogLineHeader.ContentStart"/>.</param>
    /// <returns>The cluster id of the line.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <c>ContentStart</c> is outside the line.</exception>
    public int Add(ReadOnlySpan<char> line, LogLineHeader header)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(header.ContentStart, line.Length);
        var content = line[header.ContentStart..];
        var count = Tokenize(content);
        var ids = _ids.AsSpan(0, count);
        var root = GetRoot(count);
        var cluster = Search(root, ids);
        if (cluster is null)
        {
            InternUnseen(content, ids);
            cluster = new Cluster(_clusters.Count, ids.ToArray(), Sample(line));
            _clusters.Add(cluster);
            Insert(root, cluster);
        }
        else
        {
            var template = cluster.Tokens;
            for (var i = 0; i < template.Length; i++)
            {
                if (template[i] != ids[i])
                {
                    template[i] = WildcardId;
                }
            }
        }

        cluster.Record(header, _burstTicks);
        LineCount++;
        _resolved = null;
        _templates = null;
        return cluster.Id;
    }

    /// <summary>Maps a cluster id returned by <see cref="Add(ReadOnlySpan{char})"/> to its final template id (merged
    /// templates share one id).</summary>
    /// <param name="clusterId">A value returned by <c>Add</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">When the id was not returned by this miner.</exception>
    public int TemplateIdOf(int clusterId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(clusterId);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(clusterId, _clusters.Count);
        return Resolve()[clusterId];
    }

    /// <summary>The templates mined so far, merged, most frequent first.</summary>
    public IReadOnlyList<LogTemplate> GetTemplates()
    {
        if (_templates is not null)
        {
            return _templates;
        }

        var resolved = Resolve();
        var byId = new Dictionary<int, Cluster.Aggregate>();
        foreach (var cluster in _clusters)
        {
            var id = resolved[cluster.Id];
            if (!byId.TryGetValue(id, out var aggregate))
            {
                aggregate = new Cluster.Aggregate(id, Render(cluster.Tokens), cluster.SampleLine);
                byId.Add(id, aggregate);
            }

            aggregate.Add(cluster);
        }

        _templates = [.. byId.Values.Select(a => a.ToTemplate(_options.BurstWindow)).OrderByDescending(t => t.Count).ThenBy(t => t.Id)];
        return _templates;
    }

    /// <summary>The template text of a cluster or template id.</summary>
    /// <param name="templateId">A value returned by <see cref="TemplateIdOf"/>.</param>
    /// <exception cref="KeyNotFoundException">When no template has this id.</exception>
    public string TemplateText(int templateId)
    {
        foreach (var template in GetTemplates())
        {
            if (template.Id == templateId)
            {
                return template.Text;
            }
        }

        throw new KeyNotFoundException($"No template with id {templateId}.");
    }

    private int[] Resolve()
    {
        if (_resolved is not null)
        {
            return _resolved;
        }

        // Templates of one length that ended with the same text (possible when they started in different branches
        // of the tree) are one event.
        var resolved = new int[_clusters.Count];
        var byText = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var cluster in _clusters)
        {
            var text = Render(cluster.Tokens);
            if (!byText.TryGetValue(text, out var id))
            {
                id = cluster.Id + 1;
                byText.Add(text, id);
            }

            resolved[cluster.Id] = id;
        }

        _resolved = resolved;
        return resolved;
    }

    private string Render(int[] tokens) => string.Join(' ', tokens.Select(t => _words[t]));

    private string Sample(ReadOnlySpan<char> line) =>
        new(line.Length > _options.SampleLength ? line[.._options.SampleLength] : line);

    private int Tokenize(ReadOnlySpan<char> content)
    {
        var count = 0;
        var i = 0;
        while (true)
        {
            while (i < content.Length && char.IsWhiteSpace(content[i]))
            {
                i++;
            }

            if (i >= content.Length)
            {
                break;
            }

            var start = i;
            while (i < content.Length && !char.IsWhiteSpace(content[i]))
            {
                i++;
            }

            if (count == _ids.Length)
            {
                Array.Resize(ref _ids, count * 2);
                Array.Resize(ref _starts, count * 2);
                Array.Resize(ref _lengths, count * 2);
            }

            _starts[count] = start;
            _lengths[count] = i - start;
            _ids[count] = LookUp(content.Slice(start, i - start), intern: false);
            count++;
        }

        return count;
    }

    private int LookUp(ReadOnlySpan<char> token, bool intern)
    {
        var needed = LogTokenClassifier.MaskedLength(token.Length);
        if (needed > _maskBuffer.Length)
        {
            _maskBuffer = new char[Math.Max(needed, _maskBuffer.Length * 2)];
        }

        var key = LogTokenClassifier.TryMask(token, _maskBuffer, out var written) ? _maskBuffer.AsSpan(0, written) : token;
        if (_lookup.TryGetValue(key, out var id))
        {
            return id;
        }

        return intern ? Intern(key.ToString()) : UnseenId;
    }

    private int Intern(string word)
    {
        var id = _words.Count;
        _vocabulary.Add(word, id);
        _words.Add(word);
        _wordIsVariable.Add(word.Contains(LogTokenClassifier.Wildcard, StringComparison.Ordinal));
        return id;
    }

    private void InternUnseen(ReadOnlySpan<char> content, Span<int> ids)
    {
        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] == UnseenId)
            {
                ids[i] = LookUp(content.Slice(_starts[i], _lengths[i]), intern: true);
            }
        }
    }

    private Node GetRoot(int length)
    {
        if (!_byLength.TryGetValue(length, out var node))
        {
            node = new Node();
            _byLength.Add(length, node);
        }

        return node;
    }

    private bool RoutesToWildcard(int id) => id == WildcardId || (id > 0 && _wordIsVariable[id]);

    private Cluster? Search(Node root, ReadOnlySpan<int> ids)
    {
        var node = root;
        var depth = Math.Min(_options.PrefixDepth, ids.Length);
        for (var d = 0; d < depth; d++)
        {
            var id = ids[d];
            if (node.Children is null)
            {
                return null;
            }

            if (!RoutesToWildcard(id) && id != UnseenId && node.Children.TryGetValue(id, out var child))
            {
                node = child;
            }
            else if (node.Children.TryGetValue(WildcardId, out var wildcard))
            {
                node = wildcard;
            }
            else
            {
                return null;
            }
        }

        return BestMatch(node.Clusters, ids);
    }

    private Cluster? BestMatch(List<Cluster>? clusters, ReadOnlySpan<int> ids)
    {
        if (clusters is null)
        {
            return null;
        }

        Cluster? best = null;
        var bestSimilarity = -1.0;
        var bestWildcards = -1;
        foreach (var cluster in clusters)
        {
            var template = cluster.Tokens;
            var same = 0;
            var wildcards = 0;
            for (var i = 0; i < template.Length; i++)
            {
                var t = template[i];
                if (RoutesToWildcard(t))
                {
                    wildcards++;
                }
                else if (t == ids[i])
                {
                    same++;
                }
            }

            // Constants on both sides: a template made only of variables does not swallow lines that have words.
            var constants = Math.Max(template.Length - wildcards, ConstantCount(ids));
            var similarity = constants == 0 ? 1.0 : (double)same / constants;
            if (similarity > bestSimilarity || (similarity == bestSimilarity && wildcards > bestWildcards))
            {
                best = cluster;
                bestSimilarity = similarity;
                bestWildcards = wildcards;
            }
        }

        return bestSimilarity >= _options.SimilarityThreshold ? best : null;
    }

    private int ConstantCount(ReadOnlySpan<int> ids)
    {
        var constants = 0;
        foreach (var id in ids)
        {
            if (id == UnseenId || !RoutesToWildcard(id))
            {
                constants++;
            }
        }

        return constants;
    }

    private void Insert(Node root, Cluster cluster)
    {
        var node = root;
        var ids = cluster.Tokens;
        var depth = Math.Min(_options.PrefixDepth, ids.Length);
        for (var d = 0; d < depth; d++)
        {
            var id = ids[d];
            node.Children ??= [];
            var key = RoutesToWildcard(id) ? WildcardId : id;
            if (key != WildcardId && !node.Children.ContainsKey(key) && node.Children.Count >= _options.MaxChildren)
            {
                key = WildcardId;
            }

            if (!node.Children.TryGetValue(key, out var child))
            {
                child = new Node();
                node.Children.Add(key, child);
            }

            node = child;
        }

        (node.Clusters ??= []).Add(cluster);
    }

    private sealed class Node
    {
        public Dictionary<int, Node>? Children { get; set; }

        public List<Cluster>? Clusters { get; set; }
    }

    private sealed class Cluster(int id, int[] tokens, string sampleLine)
    {
        private const int SeverityCount = (int)LogSeverity.Fatal + 1;

        public int Id { get; } = id;

        public int[] Tokens { get; } = tokens;

        public string SampleLine { get; } = sampleLine;

        public long Count { get; private set; }

        public long[] Severities { get; } = new long[SeverityCount];

        public long FirstTicks { get; private set; } = long.MaxValue;

        public long LastTicks { get; private set; } = long.MinValue;

        public long PeakBucket { get; private set; } = long.MinValue;

        public long PeakCount { get; private set; }

        private long CurrentBucket { get; set; } = long.MinValue;

        private long CurrentCount { get; set; }

        public void Record(LogLineHeader header, long burstTicks)
        {
            Count++;
            Severities[(int)header.Severity]++;
            if (header.Timestamp is not { } timestamp)
            {
                return;
            }

            var ticks = timestamp.UtcTicks;
            FirstTicks = Math.Min(FirstTicks, ticks);
            LastTicks = Math.Max(LastTicks, ticks);
            var bucket = ticks / burstTicks;
            if (bucket == CurrentBucket)
            {
                CurrentCount++;
            }
            else
            {
                CurrentBucket = bucket;
                CurrentCount = 1;
            }

            if (CurrentCount > PeakCount)
            {
                PeakCount = CurrentCount;
                PeakBucket = CurrentBucket;
            }
        }

        public sealed class Aggregate(int id, string text, string sample)
        {
            private readonly long[] _severities = new long[SeverityCount];
            private long _count;
            private long _first = long.MaxValue;
            private long _last = long.MinValue;
            private long _peakBucket = long.MinValue;
            private long _peakCount;

            public void Add(Cluster cluster)
            {
                _count += cluster.Count;
                for (var i = 0; i < SeverityCount; i++)
                {
                    _severities[i] += cluster.Severities[i];
                }

                _first = Math.Min(_first, cluster.FirstTicks);
                _last = Math.Max(_last, cluster.LastTicks);
                if (cluster.PeakCount > _peakCount)
                {
                    _peakCount = cluster.PeakCount;
                    _peakBucket = cluster.PeakBucket;
                }
            }

            public LogTemplate ToTemplate(TimeSpan window)
            {
                var dominant = LogSeverity.Unknown;
                for (var i = 1; i < SeverityCount; i++)
                {
                    if (_severities[i] > 0 && _severities[i] >= _severities[(int)dominant])
                    {
                        dominant = (LogSeverity)i;
                    }
                }

                DateTimeOffset? first = _first == long.MaxValue ? null : new DateTimeOffset(_first, TimeSpan.Zero);
                DateTimeOffset? last = _last == long.MinValue ? null : new DateTimeOffset(_last, TimeSpan.Zero);
                var windowTicks = Math.Max(TimeSpan.TicksPerSecond, window.Ticks);
                LogBurst? burst = _peakCount == 0 ? null : new LogBurst(new DateTimeOffset(_peakBucket * windowTicks, TimeSpan.Zero), window, _peakCount);
                return new LogTemplate(
                    id,
                    text,
                    _count,
                    _severities[(int)LogSeverity.Error] + _severities[(int)LogSeverity.Fatal],
                    _severities[(int)LogSeverity.Warning],
                    dominant,
                    first,
                    last,
                    burst,
                    sample);
            }
        }
    }
}
