using System.Text;
using System.Text.RegularExpressions;

namespace AgentOps.Core.Triage;

/// <summary>Finds the <see cref="LexiconTerm"/>s of one signal in a text, accent-insensitively, on word boundaries, with negation detection.</summary>
public sealed class TermMatcher
{
    private static readonly HashSet<string> Negators = new(StringComparer.Ordinal)
    {
        // en
        "not", "no", "never", "nothing", "isn", "aren", "wasn", "don", "doesn", "without",
        // fr
        "pas", "jamais", "rien", "aucun", "aucune", "sans",
        // de
        "nicht", "kein", "keine", "keinen", "keiner", "nie", "ohne",
        // es
        "sin", "nunca", "ningun", "ninguna", "nada",
    };

    private const int NegationWindow = 2;
    private readonly Regex _regex;
    private readonly Regex _anchored;
    private readonly List<(Regex Pattern, LexiconTerm Term)> _terms;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _leadWords;
    private readonly string[] _leadPrefixes;
    private readonly bool _scanEverywhere;

    /// <summary>Compiles the matcher for <paramref name="terms"/>.</summary>
    public TermMatcher(IEnumerable<LexiconTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        _terms = [.. terms.Select(t => (new Regex($"^{ToPattern(t.Phrase)}$", RegexOptions.CultureInvariant), t))];
        var alternation = string.Join("|", _terms.Select(t => ToPattern(t.Term.Phrase)).OrderByDescending(p => p.Length));
        _regex = new Regex($@"(?<![\p{{L}}\p{{N}}])(?:{alternation})(?![\p{{L}}\p{{N}}])", RegexOptions.CultureInvariant | RegexOptions.Compiled);
        _anchored = new Regex($@"\G(?:{alternation})(?![\p{{L}}\p{{N}}])", RegexOptions.CultureInvariant | RegexOptions.Compiled);

        // A match can only start at a word whose first letters are a phrase's first word: only those words are tried.
        var words = new HashSet<string>(StringComparer.Ordinal);
        var prefixes = new List<string>();
        foreach (var (_, term) in _terms)
        {
            var folded = TextFolding.Fold(term.Phrase.Trim());
            var lead = folded[..LeadingWordLength(folded)];
            if (lead.Length == 0)
            {
                _scanEverywhere = true;
            }
            else if (folded.EndsWith('*') && lead.Length == folded.Length - 1)
            {
                prefixes.Add(lead);
            }
            else
            {
                words.Add(lead);
            }
        }

        _leadWords = words.GetAlternateLookup<ReadOnlySpan<char>>();
        _leadPrefixes = [.. prefixes];
    }

    /// <summary>All matches in <paramref name="text"/>, first occurrence of each distinct term only.</summary>
    public IReadOnlyList<TermMatch> Match(string text) => Match(new FoldedText(text));

    /// <summary>All matches in <paramref name="text"/>, first occurrence of each distinct term only.</summary>
    public IReadOnlyList<TermMatch> Match(FoldedText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = text.Folded;
        var found = new List<TermMatch>();
        HashSet<LexiconTerm>? seen = null;
        void Add(System.Text.RegularExpressions.Match match)
        {
            var term = _terms.First(t => t.Pattern.IsMatch(match.Value)).Term;
            if ((seen ??= []).Add(term))
            {
                found.Add(new TermMatch(term, text.OriginalOf(match.Index, match.Length), IsNegated(folded, match.Index)));
            }
        }

        if (_scanEverywhere)
        {
            foreach (System.Text.RegularExpressions.Match match in _regex.Matches(folded))
            {
                Add(match);
            }

            return found;
        }

        // Same matches as scanning with the unanchored pattern: leftmost first, never overlapping.
        var end = 0;
        foreach (var (start, length) in text.Words)
        {
            if (start < end || !IsLead(folded.AsSpan(start, length)))
            {
                continue;
            }

            var match = _anchored.Match(folded, start);
            if (match.Success)
            {
                Add(match);
                end = match.Index + match.Length;
            }
        }

        return found;
    }

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

    private bool IsLead(ReadOnlySpan<char> word)
    {
        if (_leadWords.Contains(word))
        {
            return true;
        }

        foreach (var prefix in _leadPrefixes)
        {
            if (word.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNegated(string folded, int index)
    {
        var clauseStart = folded.LastIndexOfAny(['.', '!', '?', ';', ':', '\n', ','], Math.Max(0, index - 1)) + 1;
        if (index == 0)
        {
            return false;
        }

        var before = TextFolding.Tokens(folded[clauseStart..index]).TakeLast(NegationWindow);
        return before.Any(Negators.Contains);
    }

    private static string ToPattern(string phrase)
    {
        var folded = TextFolding.Fold(phrase.Trim());
        var wildcard = folded.EndsWith('*');
        if (wildcard)
        {
            folded = folded[..^1];
        }

        var builder = new StringBuilder();
        foreach (var part in folded.Split(' ', StringSplitOptions.RemoveEmptyEntries))
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
