using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using AgentOps.Core.Intake;

namespace AgentOps.Infrastructure.Mail;

/// <summary>Decodes text bytes whose declared charset may be missing, unknown or wrong, then repairs mojibake.</summary>
internal static class TextDecoder
{
    // Charset labels come from the mail: only so many are remembered.
    private const int MaxCachedCharsets = 256;
    private static readonly ConcurrentDictionary<string, Encoding?> Encodings = new(StringComparer.Ordinal);
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? Encoding.Latin1;

    /// <summary>Makes the result of <see cref="Decode"/> from the decoded text (which lives only during the call).</summary>
    public delegate string Converter(ReadOnlySpan<char> text);

    /// <summary>
    /// Decodes <paramref name="bytes"/>, repairs mojibake and turns line breaks into <c>\n</c> (NUL characters dropped);
    /// notes what had to be corrected. The decoded text is returned as is, or what <paramref name="convert"/> makes of
    /// it (a trimmed copy, the text of an HTML document…): the text itself then never becomes a string.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? declaredCharset, string what, List<string> notes, Converter? convert = null)
    {
        var isUtf8 = TextRepair.IsValidUtf8(bytes);
        var hasHighBytes = bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;
        Encoding encoding;
        if (string.IsNullOrWhiteSpace(declaredCharset) || IsUtf8OrAscii(declaredCharset))
        {
            encoding = isUtf8 ? Encoding.UTF8 : Windows1252;
            if (!isUtf8)
            {
                notes.Add($"{what}: declared {declaredCharset ?? "no charset"} but not valid UTF-8, read as windows-1252");
            }
        }
        else if (isUtf8 && hasHighBytes)
        {
            // Valid multi-byte UTF-8 is practically never meaningful text in a legacy charset: the label is wrong.
            encoding = Encoding.UTF8;
            notes.Add($"{what}: declared {declaredCharset} but the bytes are UTF-8, read as UTF-8");
        }
        else
        {
            var known = Lookup(declaredCharset);
            if (known is null)
            {
                encoding = isUtf8 ? Encoding.UTF8 : Windows1252;
                notes.Add($"{what}: unknown charset {declaredCharset}, read as {encoding.WebName}");
            }
            else
            {
                encoding = known;
            }
        }

        // Decoded into a pooled buffer: when nothing needs repair, the only string made is the result.
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, encoding.GetMaxCharCount(bytes.Length)));
        try
        {
            var decoded = chars.AsSpan(0, encoding.GetChars(bytes, chars));
            if (TextRepair.TryRepair(decoded, out var repaired))
            {
                notes.Add($"{what}: mojibake repaired");
                var text = Normalise(repaired);
                return convert is null ? text : convert(text);
            }

            var normalised = decoded[..NormaliseInPlace(decoded)];
            return convert is null ? new string(normalised) : convert(normalised);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The encoding a charset label names, null when none does; remembered for the next mails (up to a number of labels).</summary>
    private static Encoding? Lookup(string charset)
    {
        if (Encodings.TryGetValue(charset, out var cached))
        {
            return cached;
        }

        Encoding? encoding;
        try
        {
            var name = charset.Trim().Trim('"');
            encoding = CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            encoding = null;
        }

        if (Encodings.Count < MaxCachedCharsets)
        {
            Encodings.TryAdd(charset, encoding);
        }

        return encoding;
    }

    /// <summary>Repairs mojibake in an already decoded header value and removes control characters.</summary>
    public static string RepairHeader(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var repaired = TextRepair.Repair(value);
        var builder = new StringBuilder(repaired.Length);
        foreach (var c in repaired)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString().Trim();
    }

    /// <summary>
    /// <see cref="Normalise"/> in place: <c>\r\n</c> and lone <c>\r</c> become <c>\n</c>, NUL characters are dropped
    /// (a <c>\r</c>, NUL, <c>\n</c> sequence gives two line breaks, as the replacements one after the other do).
    /// </summary>
    /// <returns>The length of the normalised text at the start of <paramref name="text"/>.</returns>
    private static int NormaliseInPlace(Span<char> text)
    {
        var next = text.IndexOfAny('\r', '\0');
        if (next < 0)
        {
            return text.Length;
        }

        var written = next;
        var read = next;
        while (read < text.Length)
        {
            if (text[read] == '\r')
            {
                text[written++] = '\n';
                read += read + 1 < text.Length && text[read + 1] == '\n' ? 2 : 1;
            }
            else
            {
                // NUL: dropped.
                read++;
            }

            var run = text[read..].IndexOfAny('\r', '\0');
            var length = run < 0 ? text.Length - read : run;
            text.Slice(read, length).CopyTo(text[written..]);
            written += length;
            read += length;
        }

        return written;
    }

    private static string Normalise(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\0", string.Empty, StringComparison.Ordinal);

    private static bool IsUtf8OrAscii(string charset) =>
        charset.Trim().Trim('"').ToLowerInvariant() is "utf-8" or "utf8" or "us-ascii" or "ascii" or "ansi_x3.4-1968";
}
