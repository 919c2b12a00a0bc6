namespace AgentOps.Core.Diagnostics.Logs;

/// <summary>
/// Online Drain-style template miner: each line's message is split on white space, variable tokens are masked
/// (<see cref="LogTokenClassifier"/>), then a fixed-depth tree keyed by token count and leading tokens leads to a few
/// candidate templates; the most similar one above <see cref="LogTemplateMinerOptions.SimilarityThreshold"/> absorbs the
/// line (differing positions become <c>&lt;*&gt;</c>), otherwise the line starts a new template. A position that became
/// a wildcard by merging but only ever held a few distinct words (at most
/// <see cref="LogTemplateMinerOptions.MaxConstantVariants"/>, counted online) is a constant after all: the template is
/// split on it when read (<c>stored as bytes</c> / <c>stored as values</c>). Finally templates that ended with the same
/// text are merged. Tokens are interned as integers and compared as such; a line costs no allocation unless it creates
/// a template or a variant. Not thread-safe: one miner per stream.
/// </summary>
public sealed class LogTemplateMiner
{
    private const int WildcardId = 0;
    private const int UnseenId = -1;

    // Bounds of the cache of raw variable tokens without digits (see LookUpVariable).
    private const int MaxCachedTokens = 1 << 16;
    private const int MaxCachedTokenLength = 64;

    private readonly LogTemplateMinerOptions _options;
    private readonly LogTokenTable _vocabulary = new();
    private readonly LogTokenTable _variableTokens = new();
    private readonly List<string> _words = [];
    // Read on every token of every line: a plain array, grown by Intern, rather than a List (one bounds check less).
    private bool[] _wordIsVariable = new bool[256];
    private readonly List<bool> _wordIsShape = [];
    private readonly List<string> _wordSlot = [];
    // Roots of the tree by token count; most lines have few tokens, so an array indexed by the count.
    private Node?[] _byLength = new Node?[64];
    private readonly List<Cluster> _clusters = [];
    private readonly List<Group> _groups = [];
    private readonly Dictionary<int, Cluster> _catchAll = [];
    private readonly long _burstTicks;
    private int[] _ids = new int[64];
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];
    private int[] _key = new int[64];
    private char[] _maskBuffer = new char[256];
    private ulong[] _blank = new ulong[8];
    private ulong[] _variable = new ulong[8];
    private int[]? _resolved;
    private Dictionary<int, string>? _texts;
    private List<LogTemplate>? _templates;

    /// <summary>Creates a miner.</summary>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    public LogTemplateMiner(LogTemplateMinerOptions? options = null)
    {
        _options = options ?? new LogTemplateMinerOptions();
        _burstTicks = Math.Max(TimeSpan.TicksPerSecond, _options.BurstWindow.Ticks);
        Intern(LogTokenClassifier.Wildcard);
    }

    /// <summary>Lines added so far.</summary>
    public long LineCount { get; private set; }

    /// <summary>Templates created so far by the tree, before splitting and merging.</summary>
    public int ClusterCount => _clusters.Count;

    /// <summary>Parses the header of a raw line (<see cref="LogHeaderParser"/>) and mines its message.</summary>
    /// <param name="line">One raw log line without its terminator.</param>
    /// <returns>The cluster id of the line; map it to a template id with <see cref="TemplateIdOf"/>.</returns>
    public int Add(ReadOnlySpan<char> line)
    {
        FillMasks(line);
        return AddMasked(line, LogHeaderParser.Parse(line, _options.DefaultYear, _blank));
    }

    /// <summary>Mines the message of a line whose header was already parsed.</summary>
    /// <param name="line">The raw line.</param>
    /// <param name="header">Its header; the message starts at <see cref="LogLineHeader.ContentStart"/>.</param>
    /// <returns>The cluster id of the line.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <c>ContentStart</c> is outside the line.</exception>
    public int Add(ReadOnlySpan<char> line, LogLineHeader header)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(header.ContentStart, line.Length);
        FillMasks(line);
        return AddMasked(line, header);
    }

    private void FillMasks(ReadOnlySpan<char> line)
    {
        var words = LogLineMasks.WordsFor(line.Length);
        if (_blank.Length < words)
        {
            _blank = new ulong[Math.Max(words, _blank.Length * 2)];
            _variable = new ulong[_blank.Length];
        }

        LogLineMasks.Fill(line, _blank, _variable);
    }

    /// <summary>Mines a line whose masks are in <c>_blank</c> and <c>_variable</c>.</summary>
    private int AddMasked(ReadOnlySpan<char> line, LogLineHeader header)
    {
        var content = line[header.ContentStart..];
        var count = Tokenize(line, header.ContentStart);
        var ids = _ids.AsSpan(0, count);
        var root = GetRoot(count);
        var cluster = Search(root, ids);
        if (cluster is null && _clusters.Count >= _options.MaxClusters)
        {
            cluster = CatchAll(count);
            UpdateTemplate(cluster, content, ids);
        }
        else if (cluster is null)
        {
            InternUnseen(content, ids);
            cluster = new Cluster(ids.ToArray());
            cluster.Constants = ConstantPositions(cluster.Tokens);
            _clusters.Add(cluster);
            Insert(root, cluster);
        }
        else
        {
            UpdateTemplate(cluster, content, ids);
        }

        var group = FindGroup(cluster, ids, line);
        group.Record(header, _burstTicks);
        cluster.Count++;
        LineCount++;
        _resolved = null;
        _templates = null;
        return group.Id;
    }

    /// <summary>Maps a cluster id returned by <see cref="Add(ReadOnlySpan{char})"/> to its template id as of the lines
    /// added so far (merged templates share one id). Ids are final once every line is added: a later line can turn a
    /// position with few words into a variable and so merge templates.</summary>
    /// <param name="clusterId">A value returned by <c>Add</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">When the id was not returned by this miner.</exception>
    public int TemplateIdOf(int clusterId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(clusterId);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(clusterId, _groups.Count);
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
        var byId = new Dictionary<int, Group.Aggregate>();
        foreach (var group in _groups)
        {
            var id = resolved[group.Id];
            if (!byId.TryGetValue(id, out var aggregate))
            {
                aggregate = new Group.Aggregate(id, _texts![id], group.SampleLine);
                byId.Add(id, aggregate);
            }

            aggregate.Add(group);
        }

        _templates = [.. byId.Values.Select(a => a.ToTemplate(_options.BurstWindow)).OrderByDescending(t => t.Count).ThenBy(t => t.Id)];
        return _templates;
    }

    /// <summary>The template text of a cluster or template id.</summary>
    /// <param name="templateId">A value returned by <see cref="TemplateIdOf"/>.</param>
    /// <exception cref="KeyNotFoundException">When no template has this id.</exception>
    public string TemplateText(int templateId)
    {
        Resolve();
        return _texts!.TryGetValue(templateId, out var text) ? text : throw new KeyNotFoundException($"No template with id {templateId}.");
    }

    private int[] Resolve()
    {
        if (_resolved is not null)
        {
            return _resolved;
        }

        var resolved = new int[_groups.Count];
        var byText = new Dictionary<string, int>(StringComparer.Ordinal);
        var texts = new Dictionary<int, string>();
        var words = new string[64];
        foreach (var cluster in _clusters)
        {
            var template = cluster.Tokens;
            if (words.Length < template.Length)
            {
                words = new string[template.Length * 2];
            }

            var displays = new Dictionary<string, string>?[template.Length];
            for (var i = 0; i < template.Length; i++)
            {
                displays[i] = SplitDisplays(cluster, i);
            }

            foreach (var group in cluster.Groups.Values)
            {
                for (var i = 0; i < template.Length; i++)
                {
                    words[i] = displays[i] is { } display ? display[_wordSlot[group.Key[i]]] : _words[template[i]];
                }

                // Templates that ended with the same text (possible when they started in different branches of the
                // tree, or after a split) are one event.
                var text = string.Join(' ', words, 0, template.Length);
                if (!byText.TryGetValue(text, out var id))
                {
                    id = group.Id + 1;
                    byText.Add(text, id);
                    texts.Add(id, text);
                }

                resolved[group.Id] = id;
            }
        }

        _texts = texts;
        _resolved = resolved;
        return resolved;
    }

    /// <summary>For a position that splits the template, the text shown for each of its slots; otherwise null.
    /// A keyed value and the same key left empty (<c>rhost=&lt;*&gt;</c>, <c>rhost=</c>) are one slot.</summary>
    private Dictionary<string, string>? SplitDisplays(Cluster cluster, int position)
    {
        if (cluster.Tokens[position] != WildcardId || cluster.Overflowed[position])
        {
            return null;
        }

        // Words and keyed values (tty=<*>, LOGIN(uid=<*>)) split a template; bare values and digit-run shapes
        // (task_<*>_m_<*> / task_<*>_r_<*>) do not.
        var variants = cluster.Variants[position];
        if (variants is null || variants.Count < 2)
        {
            return null;
        }

        var displays = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in variants.Keys)
        {
            if (_wordIsShape[word])
            {
                return null;
            }

            var slot = _wordSlot[word];
            if (!displays.TryGetValue(slot, out var shown) || !shown.Contains(LogTokenClassifier.Wildcard, StringComparison.Ordinal))
            {
                displays[slot] = _words[word];
            }
        }

        return displays.Count >= 2 && displays.Count <= _options.MaxConstantVariants ? displays : null;
    }

    private void UpdateTemplate(Cluster cluster, ReadOnlySpan<char> content, Span<int> ids)
    {
        var template = cluster.Tokens;
        var limit = _options.MaxConstantVariants;
        var changed = false;
        for (var i = 0; i < template.Length; i++)
        {
            var t = template[i];
            if (t == ids[i] && t != WildcardId)
            {
                continue;
            }

            if (cluster.Overflowed[i])
            {
                continue;
            }

            changed |= t != WildcardId;
            template[i] = WildcardId;
            if (ids[i] == UnseenId)
            {
                ids[i] = LookUp(content.Slice(_starts[i], _lengths[i]), intern: true);
            }

            // Count the words seen at a wildcard position while there are few of them. A masked value there means
            // the position is a variable for good (it can never split the template): stop tracking it.
            var variants = cluster.Variants[i];
            if (_wordIsShape[ids[i]] || (variants is null && _wordIsShape[t]))
            {
                cluster.Overflowed[i] = true;
                cluster.Variants[i] = null;
                continue;
            }

            if (variants is null)
            {
                variants = [];
                cluster.Variants[i] = variants;
                variants[t] = cluster.Count;
            }

            variants[ids[i]] = variants.GetValueOrDefault(ids[i]) + 1;
            if (variants.Count > limit)
            {
                cluster.Overflowed[i] = true;
                cluster.Variants[i] = null;
            }
        }

        if (changed)
        {
            cluster.Constants = ConstantPositions(template);
        }
    }

    /// <summary>Positions of a template that hold a constant word (neither a wildcard nor a masked value).</summary>
    private int[] ConstantPositions(int[] template)
    {
        var count = 0;
        foreach (var t in template)
        {
            count += RoutesToWildcard(t) ? 0 : 1;
        }

        var positions = new int[count];
        count = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (!RoutesToWildcard(template[i]))
            {
                positions[count++] = i;
            }
        }

        return positions;
    }

    private Group FindGroup(Cluster cluster, Span<int> ids, ReadOnlySpan<char> line)
    {
        if (_key.Length < ids.Length)
        {
            _key = new int[Math.Max(ids.Length, _key.Length * 2)];
        }

        var key = _key.AsSpan(0, ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            key[i] = cluster.Overflowed[i] ? -2 : ids[i];
        }

        // Lines of a cluster mostly fall in the group of the previous one: compare with it before hashing.
        if (cluster.LastGroup is { } last && key.SequenceEqual(last.Key))
        {
            return last;
        }

        if (!cluster.GroupLookup.TryGetValue(key, out var group))
        {
            group = new Group(_groups.Count, key.ToArray(), Sample(line));
            _groups.Add(group);
            cluster.Groups.Add(group.Key, group);
        }

        cluster.LastGroup = group;
        return group;
    }

    private string Sample(ReadOnlySpan<char> line) =>
        new(line.Length > _options.SampleLength ? line[.._options.SampleLength] : line);

    /// <summary>Splits the message (from <paramref name="contentStart"/>) into tokens and looks each up, using the
    /// line's masks: token bounds by bit scans, and a token without any digit or separator character goes straight to
    /// the word look-up.</summary>
    private int Tokenize(ReadOnlySpan<char> line, int contentStart)
    {
        var count = 0;
        var i = contentStart;
        var length = line.Length;
        while (true)
        {
            i = LogLineMasks.NextClear(_blank, i, length);
            if (i >= length)
            {
                break;
            }

            var start = i;
            i = LogLineMasks.NextSet(_blank, i, length);
            if (count == _ids.Length)
            {
                Array.Resize(ref _ids, count * 2);
                Array.Resize(ref _starts, count * 2);
                Array.Resize(ref _lengths, count * 2);
            }

            _starts[count] = start - contentStart;
            _lengths[count] = i - start;
            var token = line[start..i];
            var id = count > 0 && _ids[count - 1] == WildcardId && LookUpUnit(token) is var unit and not UnseenId
                ? unit
                : LogLineMasks.Any(_variable, start, i) ? LookUpVariable(token) : LookUpPlain(token);

            // A run of identical masked values (a list of block ids) counts as one token, so that lists of any
            // length share a template.
            if (count > 0 && id == _ids[count - 1] && RoutesToWildcard(id))
            {
                continue;
            }

            _ids[count] = id;
            count++;
        }

        return count;
    }

    /// <summary>
    /// Whether a token without digits nor separator characters is a constant word for <see cref="LogTokenClassifier.TryMask"/>
    /// (its fast path, decided here without a second scan): anything but a three-letter core (a month or day name) or a
    /// core of eight or more hex letters.
    /// </summary>
    private static bool IsPlainWord(ReadOnlySpan<char> token)
    {
        var prefix = 0;
        while (prefix < token.Length && token[prefix] is '[' or '(' or '{' or '<' or '\'' or '"' or '`')
        {
            prefix++;
        }

        var end = token.Length;
        while (end > prefix && token[end - 1] is ']' or ')' or '}' or '>' or '\'' or '"' or '`' or ',' or ';' or ':' or '.' or '!' or '?')
        {
            end--;
        }

        var core = token[prefix..end];
        return core.Length != 3 && (core.Length < 8 || LogTokenClassifier.HasNonHexLetter(core));
    }

    /// <summary>
    /// Id of a token without digits nor separator characters. The vocabulary is asked first: the only such tokens that
    /// <see cref="LogTokenClassifier.TryMask"/> masks (month and day names, runs of hex letters, see
    /// <see cref="IsPlainWord"/>) are never interned under their own text (only masked forms, which hold the wildcard,
    /// and tokens left unmasked are), so a hit is the token's id. On a miss, a plain word is unseen and any other goes
    /// through the classifier.
    /// </summary>
    private int LookUpPlain(ReadOnlySpan<char> token)
    {
        var id = _vocabulary.Find(token);
        return id != UnseenId || IsPlainWord(token) ? id : LookUpVariable(token);
    }

    /// <summary>Id of the masked form of a unit after a number, <see cref="UnseenId"/> when the token is no unit.</summary>
    private int LookUpUnit(ReadOnlySpan<char> token)
    {
        if (token.Length > 16)
        {
            return UnseenId;
        }

        Span<char> buffer = stackalloc char[LogTokenClassifier.MaskedLength(token.Length)];
        if (!LogTokenClassifier.TryMaskUnit(token, buffer, out var written))
        {
            return UnseenId;
        }

        var key = buffer[..written];
        var id = _vocabulary.Find(key);
        return id != UnseenId ? id : Intern(key.ToString());
    }

    /// <summary>Id of a token that may be variable. Tokens with a variable character but no digit (paths, dotted names,
    /// <c>key:</c> words) come back line after line: their id, once known, is cached under their raw text, which skips
    /// <see cref="LogTokenClassifier.TryMask"/>. Tokens with digits are mostly unique values and are not cached.</summary>
    private int LookUpVariable(ReadOnlySpan<char> token)
    {
        if (token.Length > MaxCachedTokenLength || token.ContainsAnyInRange('0', '9'))
        {
            return LookUp(token, intern: false);
        }

        var id = _variableTokens.Find(token);
        if (id != UnseenId)
        {
            return id;
        }

        // The id of a token depends only on its text once its key is interned (ids never change), so it can be cached;
        // an unseen constant is not (it gets an id only if it starts a template).
        id = LookUp(token, intern: false);
        if (id != UnseenId && _variableTokens.Count < MaxCachedTokens)
        {
            _variableTokens.Add(token, id);
        }

        return id;
    }

    private int LookUp(ReadOnlySpan<char> token, bool intern)
    {
        var needed = LogTokenClassifier.MaskedLength(token.Length);
        if (needed > _maskBuffer.Length)
        {
            _maskBuffer = new char[Math.Max(needed, _maskBuffer.Length * 2)];
        }

        var masked = LogTokenClassifier.TryMask(token, _maskBuffer, out var written);
        var key = masked ? _maskBuffer.AsSpan(0, written) : token;
        var id = _vocabulary.Find(key);
        if (id != UnseenId)
        {
            return id;
        }

        // Masked shapes are few and always interned, so that runs of them collapse the same way on every line.
        return intern || masked ? Intern(key.ToString()) : UnseenId;
    }

    private int Intern(string word)
    {
        var id = _words.Count;
        _vocabulary.Add(word, id);
        _words.Add(word);
        if (id == _wordIsVariable.Length)
        {
            Array.Resize(ref _wordIsVariable, id * 2);
        }

        _wordIsVariable[id] = word.Contains(LogTokenClassifier.Wildcard, StringComparison.Ordinal);
        _wordIsShape.Add(IsShape(word));
        _wordSlot.Add(_wordIsShape[id] ? word : word.Replace(LogTokenClassifier.Wildcard, string.Empty, StringComparison.Ordinal));
        return id;
    }

    /// <summary>A bare wildcard, or one glued to letters or digits, or several: the masked form of a value rather
    /// than a constant with a value slot.</summary>
    private static bool IsShape(string word)
    {
        var at = word.IndexOf(LogTokenClassifier.Wildcard, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        var end = at + LogTokenClassifier.Wildcard.Length;
        return word == LogTokenClassifier.Wildcard
            || word.IndexOf(LogTokenClassifier.Wildcard, end, StringComparison.Ordinal) >= 0
            || (at > 0 && char.IsAsciiLetterOrDigit(word[at - 1]))
            || (end < word.Length && char.IsAsciiLetterOrDigit(word[end]));
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

    private Cluster CatchAll(int length)
    {
        if (!_catchAll.TryGetValue(length, out var cluster))
        {
            cluster = new Cluster(new int[length]);
            _clusters.Add(cluster);
            _catchAll.Add(length, cluster);
        }

        return cluster;
    }

    private Node GetRoot(int length)
    {
        if (length >= _byLength.Length)
        {
            Array.Resize(ref _byLength, Math.Max(length + 1, _byLength.Length * 2));
        }

        return _byLength[length] ??= new Node();
    }

    private bool RoutesToWildcard(int id) => (uint)id < (uint)_wordIsVariable.Length && _wordIsVariable[id];

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

        var lineConstants = ConstantCount(ids);
        Cluster? best = null;
        var bestSimilarity = -1.0;
        var bestWildcards = -1;
        foreach (var cluster in clusters)
        {
            var template = cluster.Tokens;
            var positions = cluster.Constants;
            var wildcards = template.Length - positions.Length;

            // Constants on both sides: a template made only of variables does not swallow lines that have words.
            var constants = Math.Max(positions.Length, lineConstants);

            var same = 0;
            foreach (var i in positions)
            {
                if (template[i] == ids[i])
                {
                    same++;
                }
            }

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

    private sealed class Cluster
    {
        public Cluster(int[] tokens)
        {
            Tokens = tokens;
            Variants = new Dictionary<int, long>?[tokens.Length];
            Overflowed = new bool[tokens.Length];
            GroupLookup = Groups.GetAlternateLookup<ReadOnlySpan<int>>();
        }

        public int[] Tokens { get; }

        public long Count { get; set; }

        public Dictionary<int, long>?[] Variants { get; }

        public bool[] Overflowed { get; }

        /// <summary>Positions of <see cref="Tokens"/> that hold constant words, kept up to date by the miner.</summary>
        public int[] Constants { get; set; } = [];

        public Dictionary<int[], Group> Groups { get; } = new(KeyComparer.Instance);

        /// <summary>Look-up of <see cref="Groups"/> by a span, fetched once: fetching it checks the comparer's type.</summary>
        public Dictionary<int[], Group>.AlternateLookup<ReadOnlySpan<int>> GroupLookup { get; }

        /// <summary>The group of the last line of this cluster.</summary>
        public Group? LastGroup { get; set; }
    }

    /// <summary>Compares group keys by content, also from a span (no allocation on look-up).</summary>
    private sealed class KeyComparer : IEqualityComparer<int[]>, IAlternateEqualityComparer<ReadOnlySpan<int>, int[]>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj) => GetHashCode((ReadOnlySpan<int>)obj);

        public bool Equals(ReadOnlySpan<int> alternate, int[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<int> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(alternate));
            return hash.ToHashCode();
        }

        public int[] Create(ReadOnlySpan<int> alternate) => alternate.ToArray();
    }

    /// <summary>The lines of a cluster that share their words at every wildcard position still tracked.</summary>
    private sealed class Group(int id, int[] key, string sampleLine)
    {
        private const int SeverityCount = (int)LogSeverity.Fatal + 1;

        public int Id { get; } = id;

        /// <summary>Word id per position, -2 at positions that hold too many distinct words to be tracked.</summary>
        public int[] Key { get; } = key;

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

            public void Add(Group group)
            {
                _count += group.Count;
                for (var i = 0; i < SeverityCount; i++)
                {
                    _severities[i] += group.Severities[i];
                }

                _first = Math.Min(_first, group.FirstTicks);
                _last = Math.Max(_last, group.LastTicks);
                if (group.PeakCount > _peakCount)
                {
                    _peakCount = group.PeakCount;
                    _peakBucket = group.PeakBucket;
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
