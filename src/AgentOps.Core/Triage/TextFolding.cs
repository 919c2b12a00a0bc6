using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace AgentOps.Core.Triage;

/// <summary>Accent- and case-insensitive folding of text for matching (<c>Bloqués</c> → <c>bloques</c>, <c>ß</c> → <c>ss</c>).</summary>
public static class TextFolding
{
    // Fold of each non-ASCII UTF-16 unit, computed on first sight: 0 = not yet, Multiple = see MultipleFolds
    // (folds to zero or several characters, or to U+FFFF), anything else = the one folded character.
    private const char NotYet = '\0';
    private const char Multiple = '\uFFFF';
    private static readonly char[] SingleFolds = new char[0x10000];
    private static readonly ConcurrentDictionary<char, string> MultipleFolds = new();

    /// <summary>Lower-cases <paramref name="text"/> and removes diacritics; the result has the same number of characters except for <c>ß</c>, <c>æ</c>, <c>œ</c>.</summary>
    public static string Fold(string text) => Fold(text, out _);

    /// <summary>
    /// Folds <paramref name="text"/> like <see cref="Fold(string)"/> and returns, for each folded character, the index of the
    /// original character it comes from, so that a match in folded text can be shown as the person wrote it.
    /// </summary>
    public static string FoldWithMap(string text, out int[] map)
    {
        var folded = Fold(text, out var positions);
        map = positions ?? Enumerable.Range(0, folded.Length).ToArray();
        return folded;
    }

    /// <summary>Splits folded text into word tokens (letters and digits); apostrophes split words (<c>n'est</c> → <c>n</c>, <c>est</c>).</summary>
    public static IEnumerable<string> Tokens(string text)
    {
        var folded = Fold(text);
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var isWord = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (isWord && start < 0)
            {
                start = i;
            }
            else if (!isWord && start >= 0)
            {
                yield return folded[start..i];
                start = -1;
            }
        }
    }

    /// <summary>
    /// Folds <paramref name="text"/>; <paramref name="map"/> gives the original index of each folded character, or is
    /// null when every character folded to exactly one (the map is then the identity).
    /// </summary>
    internal static string Fold(string text, out int[]? map)
    {
        ArgumentNullException.ThrowIfNull(text);
        map = null;
        if (!text.AsSpan().ContainsAnyExceptInRange('\0', '\u007F') && !text.Contains('`', StringComparison.Ordinal))
        {
            // Plain ASCII: only the case changes (the common case, one vectorised pass).
            return text.ToLowerInvariant();
        }

        var chars = new char[text.Length];
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var single = c < 128 && c != '`' ? (char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c) : FoldOf(c);
            if (single != Multiple)
            {
                if (length == chars.Length)
                {
                    Array.Resize(ref chars, chars.Length * 2);
                    if (map is not null)
                    {
                        Array.Resize(ref map, chars.Length);
                    }
                }

                if (map is not null)
                {
                    map[length] = i;
                }

                chars[length++] = single;
                continue;
            }

            // Zero or several characters: from here on positions drift, so the map is needed.
            var folded = MultipleFolds[c];
            if (map is null)
            {
                map = new int[chars.Length];
                for (var k = 0; k < length; k++)
                {
                    map[k] = k;
                }
            }

            if (length + folded.Length > chars.Length)
            {
                Array.Resize(ref chars, Math.Max(chars.Length * 2, length + folded.Length));
                Array.Resize(ref map, chars.Length);
            }

            foreach (var part in folded)
            {
                map[length] = i;
                chars[length++] = part;
            }
        }

        if (map is not null && map.Length != length)
        {
            map = map[..length];
        }

        return new string(chars, 0, length);
    }

    /// <summary>The one character <paramref name="c"/> folds to, or <see cref="Multiple"/> (then see <see cref="MultipleFolds"/>).</summary>
    private static char FoldOf(char c)
    {
        var single = SingleFolds[c];
        return single == NotYet ? Learn(c) : single;
    }

    /// <summary>Computes the fold of one non-ASCII character (or the backquote) and remembers it.</summary>
    private static char Learn(char c)
    {
        var replacement = c switch
        {
            'ß' => "ss",
            'æ' or 'Æ' => "ae",
            'œ' or 'Œ' => "oe",
            '’' or '‘' or '`' or '´' => "'",
            _ when char.IsSurrogate(c) => c.ToString(),
            _ => c.ToString().Normalize(NormalizationForm.FormD),
        };
        var folded = new StringBuilder(replacement.Length);
        foreach (var part in replacement)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(part) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(char.ToLowerInvariant(part));
            }
        }

        if (folded.Length == 1 && folded[0] is not (NotYet or Multiple))
        {
            SingleFolds[c] = folded[0];
            return folded[0];
        }

        MultipleFolds[c] = folded.ToString();
        SingleFolds[c] = Multiple;
        return Multiple;
    }
}
