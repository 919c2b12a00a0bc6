namespace AgentOps.Core.Intake;

/// <summary>Word-set similarity used to fold bursts of similar mails: lower-cased words of 3+ letters, reply prefixes and numbers dropped.</summary>
public static class TextSimilarity
{
    /// <summary>How much of a text is compared: a burst is recognised from its beginning.</summary>
    public const int MaxChars = 4000;

    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "re", "fwd", "tr", "wg", "aw", "the", "and", "les", "des", "une", "der", "die", "das", "los", "las",
    };

    /// <summary>The distinct lower-case words of 3+ letters in the first <see cref="MaxChars"/> characters of <paramref name="text"/>, reply prefixes and a few articles left out.</summary>
    public static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var span = (text ?? string.Empty).AsSpan();
        if (span.Length > MaxChars)
        {
            span = span[..MaxChars];
        }

        Span<char> buffer = stackalloc char[64];
        var length = 0;
        var overflow = false;
        for (var i = 0; i <= span.Length; i++)
        {
            if (i < span.Length && char.IsLetter(span[i]))
            {
                if (length < buffer.Length)
                {
                    buffer[length++] = char.ToLowerInvariant(span[i]);
                }
                else
                {
                    overflow = true;
                }

                continue;
            }

            if (length >= 3 && !overflow)
            {
                var word = new string(buffer[..length]);
                if (!Ignored.Contains(word))
                {
                    words.Add(word);
                }
            }

            length = 0;
            overflow = false;
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
}
