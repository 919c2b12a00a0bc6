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
    private readonly List<(Regex Pattern, LexiconTerm Term)> _terms;

    /// <summary>Compiles the matcher for <paramref name="terms"/>.</summary>
    public TermMatcher(IEnumerable<LexiconTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        _terms = [.. terms.Select(t => (new Regex($"^{ToPattern(t.Phrase)}$", RegexOptions.CultureInvariant), t))];
        var alternation = string.Join("|", _terms.Select(t => ToPattern(t.Term.Phrase)).OrderByDescending(p => p.Length));
        _regex = new Regex($@"(?<![\p{{L}}\p{{N}}])(?:{alternation})(?![\p{{L}}\p{{N}}])", RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    /// <summary>All matches in <paramref name="text"/>, first occurrence of each distinct term only.</summary>
    public IReadOnlyList<TermMatch> Match(string text) => Match(new FoldedText(text));

    /// <summary>All matches in <paramref name="text"/>, first occurrence of each distinct term only.</summary>
    public IReadOnlyList<TermMatch> Match(FoldedText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = text.Folded;
        var found = new List<TermMatch>();
        var seen = new HashSet<LexiconTerm>();
        foreach (Match match in _regex.Matches(folded))
        {
            var term = _terms.First(t => t.Pattern.IsMatch(match.Value)).Term;
            var negated = IsNegated(folded, match.Index);
            if (!seen.Add(term))
            {
                continue;
            }

            found.Add(new TermMatch(term, text.OriginalOf(match.Index, match.Length), negated));
        }

        return found;
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
