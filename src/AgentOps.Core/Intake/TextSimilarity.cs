using System.Text.RegularExpressions;

namespace AgentOps.Core.Intake;

/// <summary>Word-set similarity used to fold bursts of similar mails: lower-cased words of 3+ letters, reply prefixes and numbers dropped.</summary>
public static partial class TextSimilarity
{
    /// <summary>The words of <paramref name="text"/> that count for similarity.</summary>
    public static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Word().Matches(text ?? string.Empty))
        {
            var word = match.Value.ToLowerInvariant();
            if (word is not ("re" or "fwd" or "tr" or "wg" or "aw" or "the" or "and" or "les" or "des" or "une" or "der" or "die" or "das" or "los" or "las"))
            {
                words.Add(word);
            }
        }

        return words;
    }

    /// <summary>Jaccard similarity of two word sets, 0 (nothing shared) to 1 (same words); 0 when both are empty.</summary>
    public static double Jaccard(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 && b.Count == 0)
        {
            return 0;
        }

        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    [GeneratedRegex(@"\p{L}{3,}")]
    private static partial Regex Word();
}
