namespace AgentOps.Core.Triage;

/// <summary>Finds the <see cref="LexiconTerm"/>s of one signal in a text, accent-insensitively, on word boundaries, with negation detection.</summary>
public sealed class TermMatcher
{
    private readonly LexiconScanner _scanner;

    /// <summary>Compiles the matcher for <paramref name="terms"/>.</summary>
    /// <exception cref="ArgumentException">A phrase does not start with a letter or digit, or has an apostrophe not followed by one.</exception>
    public TermMatcher(IEnumerable<LexiconTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        _scanner = new LexiconScanner([terms]);
    }

    /// <summary>All matches in <paramref name="text"/>, first occurrence of each distinct term only.</summary>
    public IReadOnlyList<TermMatch> Match(string text) => Match(new FoldedText(text));

    /// <summary>All matches in <paramref name="text"/>, first occurrence of each distinct term only.</summary>
    public IReadOnlyList<TermMatch> Match(FoldedText text) => _scanner.Scan(text)[0];

    /// <summary>The length of the run of letters and digits at the start of <paramref name="text"/> (a word for the patterns).</summary>
    internal static int LeadingWordLength(ReadOnlySpan<char> text)
    {
        var length = 0;
        while (length < text.Length && IsWordChar(text[length]))
        {
            length++;
        }

        return length;
    }

    /// <summary>Whether <paramref name="c"/> is a letter or a number, as <c>[\p{L}\p{N}]</c> in the patterns.</summary>
    internal static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || (c >= 128 && (char.IsLetter(c) || char.IsNumber(c)));
}
