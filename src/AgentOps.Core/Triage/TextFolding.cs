using System.Globalization;
using System.Text;

namespace AgentOps.Core.Triage;

/// <summary>Accent- and case-insensitive folding of text for matching (<c>Bloqués</c> → <c>bloques</c>, <c>ß</c> → <c>ss</c>).</summary>
public static class TextFolding
{
    /// <summary>Lower-cases <paramref name="text"/> and removes diacritics; the result has the same number of characters except for <c>ß</c>, <c>æ</c>, <c>œ</c>.</summary>
    public static string Fold(string text) => FoldWithMap(text, out _);

    /// <summary>
    /// Folds <paramref name="text"/> like <see cref="Fold"/> and returns, for each folded character, the index of the
    /// original character it comes from, so that a match in folded text can be shown as the person wrote it.
    /// </summary>
    public static string FoldWithMap(string text, out int[] map)
    {
        ArgumentNullException.ThrowIfNull(text);
        var chars = new char[text.Length];
        var positions = new int[text.Length];
        var length = 0;
        void Append(char c, int from)
        {
            if (length == chars.Length)
            {
                Array.Resize(ref chars, Math.Max(16, chars.Length * 2));
                Array.Resize(ref positions, chars.Length);
            }

            chars[length] = c;
            positions[length++] = from;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 128 && c != '`')
            {
                // ASCII: only the case changes (the common case, kept free of allocations).
                Append(char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c, i);
                continue;
            }

            var replacement = c switch
            {
                'ß' => "ss",
                'æ' or 'Æ' => "ae",
                'œ' or 'Œ' => "oe",
                '’' or '‘' or '`' or '´' => "'",
                _ when char.IsSurrogate(c) => c.ToString(),
                _ => c.ToString().Normalize(NormalizationForm.FormD),
            };
            foreach (var part in replacement)
            {
                if (CharUnicodeInfo.GetUnicodeCategory(part) != UnicodeCategory.NonSpacingMark)
                {
                    Append(char.ToLowerInvariant(part), i);
                }
            }
        }

        map = length == positions.Length ? positions : positions[..length];
        return new string(chars, 0, length);
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
}
