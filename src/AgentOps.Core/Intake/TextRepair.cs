using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;

namespace AgentOps.Core.Intake;

/// <summary>
/// Repairs mojibake: UTF-8 bytes that were decoded as Windows-1252/Latin-1 (<c>ScÃ©nario</c>) or as Mac Roman
/// (<c>R√©solution</c>). Each suspicious sequence is mapped back to its bytes and decoded as UTF-8; it is replaced
/// only when the bytes form valid UTF-8 and the result is a character people actually write (Latin letters,
/// typographic punctuation, €, emoji), so correct text such as <c>„Fuß“</c> or <c>«é»</c> is left alone.
/// </summary>
public static class TextRepair
{
    private const int MaxPasses = 3;
    // The byte each character stands for in the charset (indexed by character; 0 = none, as every mapped byte is >= 0x80).
    private static readonly byte[] Windows1252Bytes = BuildWindows1252();
    private static readonly byte[] MacRomanBytes = BuildMacRoman();

    // The characters that stand for a UTF-8 lead byte (0xC2–0xF4) in each charset: only they can start a sequence.
    private static readonly SearchValues<char> Windows1252Leads = Leads(Windows1252Bytes);
    private static readonly SearchValues<char> MacRomanLeads = Leads(MacRomanBytes);

    /// <summary>Returns <paramref name="text"/> with mojibake sequences repaired (double-encoded text too); the same instance when nothing changed.</summary>
    public static string Repair(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryRepair(text, out var repaired) ? repaired : text;
    }

    /// <summary>
    /// Repairs mojibake in <paramref name="text"/> as <see cref="Repair"/> does, without making a string when there is
    /// nothing to repair.
    /// </summary>
    /// <returns>Whether a sequence was repaired; <paramref name="repaired"/> then holds the repaired text.</returns>
    public static bool TryRepair(ReadOnlySpan<char> text, [NotNullWhen(true)] out string? repaired)
    {
        repaired = null;
        if (!text.ContainsAnyExceptInRange('\0', '\u007F'))
        {
            return false;
        }

        var current = RepairPass(text);
        if (current is null)
        {
            return false;
        }

        for (var pass = 1; pass < MaxPasses; pass++)
        {
            var next = RepairPass(current);
            if (next is null)
            {
                break;
            }

            current = next;
        }

        repaired = current;
        return true;
    }

    /// <summary>Whether <paramref name="text"/> holds at least one sequence that <see cref="Repair"/> would change.</summary>
    public static bool HasMojibake(string text) => TryRepair(text, out _);

    /// <summary>Whether <paramref name="bytes"/> are valid UTF-8 (an empty array is).</summary>
    public static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => Utf8.IsValid(bytes);

    /// <summary>One pass of each charset's repair; null when neither changed anything.</summary>
    private static string? RepairPass(ReadOnlySpan<char> text)
    {
        var windows = RepairWith(text, Windows1252Bytes, Windows1252Leads);
        return RepairWith(windows is null ? text : windows.AsSpan(), MacRomanBytes, MacRomanLeads) ?? windows;
    }

    /// <summary>The text with the sequences of <paramref name="map"/>'s charset repaired; null when there were none.</summary>
    private static string? RepairWith(ReadOnlySpan<char> text, byte[] map, SearchValues<char> leads)
    {
        StringBuilder? builder = null;
        var copiedUpTo = 0;
        Span<byte> bytes = stackalloc byte[4];
        Span<char> decoded = stackalloc char[2];
        for (var i = 0; i < text.Length; i++)
        {
            var next = text[i..].IndexOfAny(leads);
            if (next < 0)
            {
                break;
            }

            i += next;
            var lead = map[text[i]];
            if (lead == 0)
            {
                continue;
            }

            var length = lead switch
            {
                >= 0xC2 and <= 0xDF => 2,
                >= 0xE0 and <= 0xEF => 3,
                >= 0xF0 and <= 0xF4 => 4,
                _ => 0,
            };
            if (length == 0 || i + length > text.Length)
            {
                continue;
            }

            bytes[0] = lead;
            var ok = true;
            for (var k = 1; k < length && ok; k++)
            {
                var b = map[text[i + k]];
                ok = b is >= 0x80 and <= 0xBF;
                bytes[k] = b;
            }

            if (!ok || Utf8.ToUtf16(bytes[..length], decoded, out _, out var written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done
                || !IsPlausible(decoded[..written]))
            {
                continue;
            }

            builder ??= new StringBuilder(text.Length);
            builder.Append(text[copiedUpTo..i]).Append(decoded[..written]);
            copiedUpTo = i + length;
            i += length - 1;
        }

        if (builder is null)
        {
            return null;
        }

        builder.Append(text[copiedUpTo..]);
        return builder.ToString();
    }

    private static bool IsPlausible(ReadOnlySpan<char> decoded)
    {
        var codePoint = decoded.Length == 2 ? char.ConvertToUtf32(decoded[0], decoded[1]) : decoded[0];
        return codePoint is (>= 0xA0 and <= 0x17F) // Latin-1 supplement, Latin extended A
            or (>= 0x218 and <= 0x21B) // Romanian ș ț
            or (>= 0x1E00 and <= 0x1EFF) // Latin extended additional (Vietnamese...)
            or (>= 0x2010 and <= 0x205E) // dashes, quotes, bullets, ellipsis, per mille
            or (>= 0x20A0 and <= 0x20C0) // currency signs (€)
            or 0x2122 or 0x2116 // ™ №
            or (>= 0x2190 and <= 0x21FF) // arrows
            or (>= 0x2600 and <= 0x27BF) // symbols and dingbats (✅ ⚠)
            or (>= 0x1F300 and <= 0x1FAFF); // emoji
    }

    private static SearchValues<char> Leads(byte[] map)
    {
        var leads = new List<char>();
        for (var c = 0; c <= char.MaxValue; c++)
        {
            if (map[c] is >= 0xC2 and <= 0xF4)
            {
                leads.Add((char)c);
            }
        }

        return SearchValues.Create(leads.ToArray());
    }

    private static byte[] BuildWindows1252()
    {
        // Latin-1 first (C1 controls included, for bytes Windows-1252 leaves undefined), then Windows-1252 over 0x80–0x9F.
        var map = new byte[char.MaxValue + 1];
        for (var b = 0x80; b <= 0xFF; b++)
        {
            map[(char)b] = (byte)b;
        }

        const string cp1252 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";
        for (var k = 0; k < cp1252.Length; k++)
        {
            map[cp1252[k]] = (byte)(0x80 + k);
        }

        return map;
    }

    private static byte[] BuildMacRoman()
    {
        const string macRoman =
            "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø" +
            "¿¡¬√ƒ≈∆«»…\u00A0ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uF8FFÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ";
        var map = new byte[char.MaxValue + 1];
        for (var k = 0; k < macRoman.Length; k++)
        {
            map[macRoman[k]] = (byte)(0x80 + k);
        }

        return map;
    }
}
