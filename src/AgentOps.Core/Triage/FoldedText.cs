namespace AgentOps.Core.Triage;

/// <summary>A text folded once by <see cref="TextFolding.FoldWithMap"/>, to be matched by several <see cref="TermMatcher"/>s.</summary>
public sealed class FoldedText
{
    private readonly int[] _map;

    /// <summary>Folds <paramref name="original"/>.</summary>
    public FoldedText(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        Original = original;
        Folded = TextFolding.FoldWithMap(original, out _map);
    }

    /// <summary>The text as written.</summary>
    public string Original { get; }

    /// <summary>The folded text (lower case, no accents).</summary>
    public string Folded { get; }

    /// <summary>The original words behind folded characters <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/>.</summary>
    public string OriginalOf(int start, int length) => Original[_map[start]..(_map[start + length - 1] + 1)];
}
