using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentOps.Core.Triage;

/// <summary>
/// Finds the terms of several groups of <see cref="LexiconTerm"/>s (urgency words, each impact category, each intent)
/// in one pass over the words of a <see cref="FoldedText"/>: a word is looked up once among the first words of all
/// phrases, and only the phrases that start with it are tried. Within a group, matches are those of a scan with the
/// alternation of the group's phrases (longest pattern first, as a regex would try them): leftmost first, never
/// overlapping, the first occurrence of each distinct term only, each marked when a negation precedes it.
/// </summary>
internal sealed class LexiconScanner
{
    private const int NegationWindow = 2;
    private const byte StartsWord = 1;
    private const byte StartsPrefix = 2;
    private static readonly SearchValues<char> ClauseBreaks = SearchValues.Create(".!?;:\n,");
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Negators = new HashSet<string>(StringComparer.Ordinal)
    {
        // en
        "not", "no", "never", "nothing", "isn", "aren", "wasn", "don", "doesn", "without",
        // fr
        "pas", "jamais", "rien", "aucun", "aucune", "sans",
        // de
        "nicht", "kein", "keine", "keinen", "keiner", "nie", "ohne",
        // es
        "sin", "nunca", "ningun", "ninguna", "nada",
    }.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly Phrase[][] _groups;
    private readonly Dictionary<string, Candidate[]>.AlternateLookup<ReadOnlySpan<char>> _byLeadWord;
    private readonly Dictionary<int, Candidate[]> _byPrefixStart = [];

    // For each pair of ASCII characters a word may start with (second one 0 for one-letter words): whether a
    // phrase's first word (StartsWord) or a prefix phrase (StartsPrefix) starts with it. Most words are skipped here.
    private readonly byte[] _startPairs = new byte[128 * 128];
    private readonly byte _nonAsciiStart;

    /// <summary>Compiles <paramref name="groups"/>, each a list of terms searched for independently of the others.</summary>
    /// <exception cref="ArgumentException">A phrase does not start with a letter or digit, or has an apostrophe not followed by one.</exception>
    public LexiconScanner(IEnumerable<IEnumerable<LexiconTerm>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        _groups = [.. groups.Select(g => g.Select(t => new Phrase(t)).ToArray())];
        var byLeadWord = new Dictionary<string, List<Candidate>>(StringComparer.Ordinal);
        var byPrefix = new Dictionary<int, List<Candidate>>();
        for (var g = 0; g < _groups.Length; g++)
        {
            var ranked = _groups[g].Select((p, i) => (Phrase: p, Index: i)).OrderByDescending(p => p.Phrase.PatternLength).ToList();
            for (var rank = 0; rank < ranked.Count; rank++)
            {
                var phrase = ranked[rank].Phrase;
                var candidate = new Candidate(g, rank, phrase);
                var pair = PairKey(phrase.Lead);
                var flag = phrase.IsPrefix ? StartsPrefix : StartsWord;
                if (pair < 0)
                {
                    _nonAsciiStart |= flag;
                }
                else
                {
                    _startPairs[pair] |= flag;
                }

                if (phrase.IsPrefix)
                {
                    Add(byPrefix, pair, candidate);
                }
                else
                {
                    Add(byLeadWord, phrase.Lead, candidate);
                }
            }
        }

        _byLeadWord = byLeadWord.ToDictionary(p => p.Key, p => Sorted(p.Value), StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (pair, candidates) in byPrefix)
        {
            _byPrefixStart[pair] = Sorted(candidates);
        }
    }

    /// <summary>Number of groups.</summary>
    public int GroupCount => _groups.Length;

    /// <summary>The matches of each group in <paramref name="text"/>, in order of appearance, indexed like the groups.</summary>
    public IReadOnlyList<TermMatch>[] Scan(FoldedText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = text.Folded;
        var found = new List<TermMatch>?[_groups.Length];
        var ends = new int[_groups.Length];
        List<Candidate>? merged = null;
        var i = 0;
        while (i < folded.Length)
        {
            // The words of the text, as FoldedText.Words lists them, without building the list.
            if (!TermMatcher.IsWordChar(folded[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < folded.Length && TermMatcher.IsWordChar(folded[i]))
            {
                i++;
            }

            var word = folded.AsSpan(start, i - start);
            var pair = PairKey(word);
            var flags = pair < 0 ? _nonAsciiStart : _startPairs[pair];
            if (flags == 0)
            {
                continue;
            }

            ReadOnlySpan<Candidate> candidates = (flags & StartsWord) != 0 && _byLeadWord.TryGetValue(word, out var exact) ? exact : [];
            if ((flags & StartsPrefix) != 0 && _byPrefixStart.TryGetValue(pair, out var prefixed) && StartsAnyPrefix(word, prefixed))
            {
                // A word that starts with a prefix phrase: rare enough to merge the two lists in a scratch list.
                merged ??= [];
                merged.Clear();
                merged.AddRange(candidates);
                foreach (var candidate in prefixed)
                {
                    if (word.StartsWith(candidate.Phrase.Lead, StringComparison.Ordinal))
                    {
                        merged.Add(candidate);
                    }
                }

                merged.Sort(static (a, b) => a.Group != b.Group ? a.Group.CompareTo(b.Group) : a.Rank.CompareTo(b.Rank));
                candidates = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(merged);
            }

            if (!candidates.IsEmpty)
            {
                TryCandidates(text, start, candidates, found, ends);
            }
        }

        var result = new IReadOnlyList<TermMatch>[_groups.Length];
        for (var g = 0; g < result.Length; g++)
        {
            result[g] = found[g] ?? (IReadOnlyList<TermMatch>)[];
        }

        return result;
    }

    private static bool StartsAnyPrefix(ReadOnlySpan<char> word, Candidate[] prefixed)
    {
        foreach (var candidate in prefixed)
        {
            if (word.StartsWith(candidate.Phrase.Lead, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Tries, group by group, the phrases that may start at <paramref name="start"/>; the first that matches in a group wins.</summary>
    private void TryCandidates(FoldedText text, int start, ReadOnlySpan<Candidate> candidates, List<TermMatch>?[] found, int[] ends)
    {
        var folded = text.Folded;
        var done = -1;
        foreach (var candidate in candidates)
        {
            var g = candidate.Group;
            if (g == done || start < ends[g])
            {
                continue;
            }

            var length = candidate.Phrase.MatchLength(folded, start);
            var end = start + length;
            if (length <= 0 || (end < folded.Length && TermMatcher.IsWordChar(folded[end])))
            {
                continue;
            }

            done = g;
            ends[g] = end;
            var term = TermOf(_groups[g], folded, start, length);
            var matches = found[g] ??= [];
            if (!matches.Exists(m => m.Term.Equals(term)))
            {
                matches.Add(new TermMatch(term, text.OriginalOf(start, length), IsNegated(folded, start)));
            }
        }
    }

    /// <summary>The first term of the group, in lexicon order, whose phrase matches exactly the matched words.</summary>
    private static LexiconTerm TermOf(Phrase[] group, string folded, int start, int length)
    {
        foreach (var phrase in group)
        {
            if (phrase.MatchLength(folded, start, start + length) == length)
            {
                return phrase.Term;
            }
        }

        throw new InvalidOperationException("A matched phrase belongs to no term of its group.");
    }

    /// <summary>Whether one of the two words before <paramref name="index"/>, in the same clause, is a negation.</summary>
    private static bool IsNegated(string folded, int index)
    {
        var clauseStart = folded.AsSpan(0, index).LastIndexOfAny(ClauseBreaks) + 1;
        var i = index - 1;
        for (var words = 0; words < NegationWindow; words++)
        {
            while (i >= clauseStart && !char.IsLetterOrDigit(folded[i]))
            {
                i--;
            }

            if (i < clauseStart)
            {
                return false;
            }

            var wordEnd = i + 1;
            while (i >= clauseStart && char.IsLetterOrDigit(folded[i]))
            {
                i--;
            }

            if (Negators.Contains(folded.AsSpan(i + 1, wordEnd - i - 1)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Index of the first two characters of <paramref name="word"/> in <see cref="_startPairs"/>, or -1 when one is not ASCII.</summary>
    private static int PairKey(ReadOnlySpan<char> word)
    {
        var first = word[0];
        var second = word.Length > 1 ? word[1] : '\0';
        return first < 128 && second < 128 ? (first * 128) + second : -1;
    }

    private static void Add<TKey>(Dictionary<TKey, List<Candidate>> index, TKey key, Candidate candidate)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(candidate);
    }

    private static Candidate[] Sorted(List<Candidate> candidates) =>
        [.. candidates.OrderBy(c => c.Group).ThenBy(c => c.Rank)];

    /// <summary>A phrase that may start at a word, with its group and its rank in the group's alternation.</summary>
    private readonly record struct Candidate(int Group, int Rank, Phrase Phrase);

    /// <summary>One lexicon phrase, folded: its words, separated in text by white space or hyphens, and an optional trailing wildcard.</summary>
    private sealed class Phrase
    {
        private readonly string[] _parts;
        private readonly bool _wildcard;

        public Phrase(LexiconTerm term)
        {
            Term = term;
            var folded = TextFolding.Fold(term.Phrase.Trim());
            Lead = folded[..TermMatcher.LeadingWordLength(folded)];
            IsPrefix = folded.EndsWith('*') && Lead.Length == folded.Length - 1;
            _wildcard = folded.EndsWith('*');
            _parts = (_wildcard ? folded[..^1] : folded).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            PatternLength = ToPattern(_parts, _wildcard).Length;
            if (Lead.Length == 0 || _parts.Any(p => !TermMatcher.IsWordChar(p[0]) || HasLooseApostrophe(p)))
            {
                throw new ArgumentException($"Lexicon phrase '{term.Phrase}': every word must start with a letter or digit, and an apostrophe must be followed by one.", nameof(term));
            }
        }

        public LexiconTerm Term { get; }

        /// <summary>The first word of the phrase; the whole of it when <see cref="IsPrefix"/>.</summary>
        public string Lead { get; }

        /// <summary>Whether the phrase is one word with a trailing wildcard (<c>paiement*</c>).</summary>
        public bool IsPrefix { get; }

        /// <summary>Length of the phrase's regular expression: the alternation tries the longest first.</summary>
        public int PatternLength { get; }

        /// <summary>
        /// Length of the phrase at <paramref name="start"/> of <paramref name="folded"/> (reading no further than
        /// <paramref name="limit"/>), or -1: words equal, separated by one or more white spaces or hyphens, an apostrophe
        /// possibly followed by one white space, the wildcard taking every following letter.
        /// </summary>
        public int MatchLength(string folded, int start, int limit = int.MaxValue)
        {
            var end = Math.Min(limit, folded.Length);
            var pos = start;
            for (var p = 0; p < _parts.Length; p++)
            {
                if (p > 0)
                {
                    var gap = pos;
                    while (pos < end && (char.IsWhiteSpace(folded[pos]) || folded[pos] == '-'))
                    {
                        pos++;
                    }

                    if (pos == gap)
                    {
                        return -1;
                    }
                }

                foreach (var c in _parts[p])
                {
                    if (pos >= end || folded[pos] != c)
                    {
                        return -1;
                    }

                    pos++;
                    if (c == '\'' && pos < end && char.IsWhiteSpace(folded[pos]))
                    {
                        pos++;
                    }
                }
            }

            while (_wildcard && pos < end && char.IsLetter(folded[pos]))
            {
                pos++;
            }

            return pos - start;
        }

        private static bool HasLooseApostrophe(string part)
        {
            for (var i = part.IndexOf('\'', StringComparison.Ordinal); i >= 0; i = part.IndexOf('\'', i + 1))
            {
                if (i + 1 == part.Length || !TermMatcher.IsWordChar(part[i + 1]))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The regular expression the phrase stands for (its length orders the alternation).</summary>
        private static string ToPattern(string[] parts, bool wildcard)
        {
            var builder = new StringBuilder();
            foreach (var part in parts)
            {
                if (builder.Length > 0)
                {
                    builder.Append(@"[\s\-]+");
                }

                builder.Append(Regex.Escape(part).Replace("'", "'\\s?", StringComparison.Ordinal));
            }

            if (wildcard)
            {
                builder.Append(@"\p{L}*");
            }

            return builder.ToString();
        }
    }
}
