using System.Text;
using AgentOps.Core.Intake;

namespace AgentOps.Infrastructure.Mail;

/// <summary>Decodes text bytes whose declared charset may be missing, unknown or wrong, then repairs mojibake.</summary>
internal static class TextDecoder
{
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? Encoding.Latin1;

    /// <summary>Decodes <paramref name="bytes"/>; notes what had to be corrected.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? declaredCharset, string what, List<string> notes)
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
            try
            {
                var name = declaredCharset.Trim().Trim('"');
                encoding = CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.GetEncoding(name);
            }
            catch (ArgumentException)
            {
                encoding = isUtf8 ? Encoding.UTF8 : Windows1252;
                notes.Add($"{what}: unknown charset {declaredCharset}, read as {encoding.WebName}");
            }
        }

        var text = encoding.GetString(bytes);
        var repaired = TextRepair.Repair(text);
        if (!ReferenceEquals(repaired, text))
        {
            notes.Add($"{what}: mojibake repaired");
        }

        return Normalise(repaired);
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

    private static string Normalise(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\0", string.Empty, StringComparison.Ordinal);

    private static bool IsUtf8OrAscii(string charset) =>
        charset.Trim().Trim('"').ToLowerInvariant() is "utf-8" or "utf8" or "us-ascii" or "ascii" or "ansi_x3.4-1968";
}
