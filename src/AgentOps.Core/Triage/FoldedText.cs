namespace AgentOps.Core.Triage;

/// <summary>A text folded once by <see cref="TextFolding.FoldWithMap"/>, to be matched by several <see cref="TermMatcher"/>s.</summary>
public sealed class FoldedText
{
    private readonly int[]? _map;
    private List<(int Start, int Length)>? _words;

    /// <summary>Folds <paramref name="original"/>.</summary>
    public FoldedText(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        Original = original;
        Folded = TextFolding.Fold(original, out _map);
    }

    /// <summary>The text as written.</summary>
    public string Original { get; }

    /// <summary>The folded text (lower case, no accents).</summary>
    public string Folded { get; }

    /// <summary>Start and length of each run of letters and digits in <see cref="Folded"/>, computed once and shared by the matchers.</summary>
    public IReadOnlyList<(int Start, int Length)> Words => _words ??= FindWords(Folded);

    /// <summary>The original words behind folded characters <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/>.</summary>
    public string OriginalOf(int start, int length) =>
        _map is null ? Original.Substring(start, length) : Original[_map[start]..(_map[start + length - 1] + 1)];

    private static List<(int Start, int Length)> FindWords(string folded)
    {
        var words = new List<(int, int)>();
        var i = 0;
        while (i < folded.Length)
        {
            if (!TermMatcher.IsWordChar(folded[i]))
            {
                i++;
                continue;
            }

            var length = TermMatcher.LeadingWordLength(folded.AsSpan(i));
            words.Add((i, length));
            i += length;
        }

        return words;
    }
}
