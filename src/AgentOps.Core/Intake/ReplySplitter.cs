using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.RegularExpressions;

namespace AgentOps.Core.Intake;

/// <summary>
/// Separates the new text of an email from quoted replies, forwarded messages and the signature, in English,
/// French, German and Spanish. Pure text logic: the quoted parts are kept (for the timeline), only the new text
/// (and a forwarded report) is meant for classification.
/// </summary>
public static partial class ReplySplitter
{
    private const int SignOffWindow = 8;

    /// <summary>Splits <paramref name="body"/>; <paramref name="subject"/> tells a forward (<c>Fwd:</c>, <c>TR:</c>, <c>WG:</c>, <c>RV:</c>) from a reply.</summary>
    public static BodyParts Split(string body, string subject)
    {
        ArgumentNullException.ThrowIfNull(body);
        var text = body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        using var lines = new Lines(text);

        // The head is the lines before a forward or "Original Message" marker; a reply's tail is quoted, a forward's is kept apart.
        var headEnd = lines.Count;
        var quotedEnd = lines.Count;
        var forwardedStart = lines.Count;
        var marker = FindMarker(lines);
        if (marker >= 0)
        {
            headEnd = marker;
            if (ForwardMarker().IsMatch(lines[marker]) || IsForwardSubject(subject))
            {
                quotedEnd = marker;
                forwardedStart = SkipForwardHeader(lines, marker);
            }
        }

        var attribution = FindAttribution(lines, headEnd);
        var quotedStart = attribution >= 0 ? attribution : headEnd;
        headEnd = quotedStart;

        // Line indexes of the new text then of the quoted text, in pooled arrays (quotedStart is headEnd, quotedEnd is at least that).
        var newLines = ArrayPool<int>.Shared.Rent(Math.Max(1, headEnd));
        var quoted = ArrayPool<int>.Shared.Rent(Math.Max(1, quotedEnd));
        try
        {
            var newCount = 0;
            var quotedCount = 0;
            for (var i = 0; i < headEnd; i++)
            {
                if (lines[i].TrimStart().StartsWith('>'))
                {
                    quoted[quotedCount++] = i;
                }
                else
                {
                    newLines[newCount++] = i;
                }
            }

            for (var i = quotedStart; i < quotedEnd; i++)
            {
                quoted[quotedCount++] = i;
            }

            var signatureStart = FindSignature(lines, newLines.AsSpan(0, newCount));
            var newEnd = signatureStart >= 0 ? signatureStart : newCount;
            return new BodyParts(
                lines.Join(newLines.AsSpan(0, newEnd)),
                lines.Join(quoted.AsSpan(0, quotedCount)),
                lines.Join(newLines.AsSpan(newEnd, newCount - newEnd)),
                lines.Join(forwardedStart, lines.Count));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(newLines);
            ArrayPool<int>.Shared.Return(quoted);
        }
    }

    /// <summary>Whether the subject says the mail forwards another one (<c>Fwd:</c>, <c>Fw:</c>, <c>TR:</c>, <c>WG:</c>, <c>RV:</c>, <c>ENC:</c>).</summary>
    public static bool IsForwardSubject(string subject) => ForwardSubject().IsMatch(subject ?? string.Empty);

    private static int FindMarker(Lines lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (MayBeMarker(line) && (ForwardMarker().IsMatch(line) || OriginalMarker().IsMatch(line) || IsOutlookSeparator(lines, i)))
            {
                return i;
            }
        }

        return -1;
    }

    private static int FindAttribution(Lines lines, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (!MayBeAttribution(lines[i]))
            {
                continue;
            }

            if (Attribution().IsMatch(lines[i].Trim()))
            {
                return i;
            }

            // Mail clients wrap long attributions over two lines.
            if (i + 1 < count && Attribution().IsMatch($"{lines[i].Trim()} {lines[i + 1].Trim()}"))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Index in <paramref name="newLines"/> where the signature starts, or -1.</summary>
    private static int FindSignature(Lines lines, ReadOnlySpan<int> newLines)
    {
        for (var i = 0; i < newLines.Length; i++)
        {
            var line = lines[newLines[i]];
            if (line is "-- " or "--" or "-- \t" || (line.Length < 60 && MayBeMobileFooter(line) && MobileFooter().IsMatch(line.Trim())))
            {
                return i;
            }
        }

        var nonEmptySeen = 0;
        for (var i = newLines.Length - 1; i >= 0 && nonEmptySeen < SignOffWindow; i--)
        {
            var line = lines[newLines[i]].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            nonEmptySeen++;
            if ((line.Length <= 40 && SignOff().IsMatch(line)) || FooterRule().IsMatch(line))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Cheap filter before the marker expressions: every marker starts with a dash or underscore, or ends with a colon.</summary>
    private static bool MayBeMarker(ReadOnlySpan<char> line)
    {
        var trimmed = line.Trim();
        return trimmed.Length is > 0 and < 100 && (trimmed[0] is '-' or '_' || trimmed[^1] == ':');
    }

    /// <summary>Whether the line starts like an attribution, <c>On</c>, <c>Le</c>, <c>Am</c> or <c>El</c> then a space (the attribution expression is tried only then).</summary>
    private static bool MayBeAttribution(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimStart();
        return trimmed.Length > 2 && char.IsWhiteSpace(trimmed[2])
            && (trimmed.StartsWith("on", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("le", StringComparison.OrdinalIgnoreCase)
                || trimmed.StartsWith("am", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("el", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Cheap filter before the mobile footer expression: every footer starts with "se", "en", "vo" or "ge" in any case
    /// (ſ matches s when case is ignored).
    /// </summary>
    private static bool MayBeMobileFooter(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimStart();
        return trimmed.Length > 1 && trimmed[0] is 'S' or 's' or 'ſ' or 'E' or 'e' or 'V' or 'v' or 'G' or 'g'
            && trimmed[1] is 'E' or 'e' or 'N' or 'n' or 'O' or 'o';
    }

    /// <summary>
    /// An Outlook rule (a line of underscores) followed by a header line. As before, the line that follows is looked
    /// up after the first line with the same text.
    /// </summary>
    private static bool IsOutlookSeparator(Lines lines, int index)
    {
        var line = lines[index];
        if (!OutlookRule().IsMatch(line))
        {
            return false;
        }

        var first = 0;
        while (!lines[first].SequenceEqual(line))
        {
            first++;
        }

        return first + 1 < lines.Count && HeaderLine().IsMatch(lines[first + 1]);
    }

    /// <summary>Index of the first line after a forward marker and the header block that follows it.</summary>
    private static int SkipForwardHeader(Lines lines, int marker)
    {
        var i = marker + 1;
        while (i < lines.Count && (HeaderLine().IsMatch(lines[i]) || lines[i].IsWhiteSpace()))
        {
            i++;
        }

        return i;
    }

    /// <summary>The lines of a text (split on <c>\n</c>), as spans of it: nothing is copied until the parts are joined.</summary>
    private sealed class Lines : IDisposable
    {
        private readonly string _text;

        // Pooled: the first Count items are the line starts.
        private readonly int[] _starts;

        public Lines(string text)
        {
            _text = text;
            Count = text.AsSpan().Count('\n') + 1;
            _starts = ArrayPool<int>.Shared.Rent(Count);
            _starts[0] = 0;
            var line = 1;
            var chars = MemoryMarshal.Cast<char, ushort>(text.AsSpan());
            var i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                // A block of characters at a time: each line feed found in it is one bit of the mask.
                var lineFeed = Vector256.Create((ushort)'\n');
                for (; i + Vector256<ushort>.Count <= chars.Length; i += Vector256<ushort>.Count)
                {
                    var mask = Vector256.Equals(Vector256.Create(chars.Slice(i, Vector256<ushort>.Count)), lineFeed).ExtractMostSignificantBits();
                    while (mask != 0)
                    {
                        _starts[line++] = i + BitOperations.TrailingZeroCount(mask) + 1;
                        mask &= mask - 1;
                    }
                }
            }

            for (; i < chars.Length; i++)
            {
                if (chars[i] == '\n')
                {
                    _starts[line++] = i + 1;
                }
            }
        }

        public int Count { get; }

        public ReadOnlySpan<char> this[int index] => _text.AsSpan(_starts[index], End(index) - _starts[index]);

        /// <summary>Lines <paramref name="from"/> to <paramref name="to"/> (excluded) joined by line breaks, trimmed.</summary>
        public string Join(int from, int to)
        {
            if (from >= to)
            {
                return string.Empty;
            }

            var joined = _text.AsSpan(_starts[from], End(to - 1) - _starts[from]).Trim();

            // The whole text, already trimmed (a body without quotes or signature): no copy.
            return joined.Length == _text.Length ? _text : joined.ToString();
        }

        /// <summary>The lines at <paramref name="indexes"/> joined by line breaks, trimmed.</summary>
        public string Join(ReadOnlySpan<int> indexes)
        {
            if (indexes.IsEmpty)
            {
                return string.Empty;
            }

            var consecutive = true;
            for (var k = 1; k < indexes.Length && consecutive; k++)
            {
                consecutive = indexes[k] == indexes[k - 1] + 1;
            }

            if (consecutive)
            {
                return Join(indexes[0], indexes[^1] + 1);
            }

            var length = indexes.Length - 1;
            foreach (var index in indexes)
            {
                length += End(index) - _starts[index];
            }

            // Joined in a pooled buffer and trimmed there: one string is made.
            var joined = ArrayPool<char>.Shared.Rent(length);
            try
            {
                var written = 0;
                for (var k = 0; k < indexes.Length; k++)
                {
                    if (k > 0)
                    {
                        joined[written++] = '\n';
                    }

                    var line = this[indexes[k]];
                    line.CopyTo(joined.AsSpan(written));
                    written += line.Length;
                }

                return new string(joined.AsSpan(0, written).Trim());
            }
            finally
            {
                ArrayPool<char>.Shared.Return(joined);
            }
        }

        public void Dispose() => ArrayPool<int>.Shared.Return(_starts);

        private int End(int index) => index + 1 < Count ? _starts[index + 1] - 1 : _text.Length;
    }

    [GeneratedRegex(@"^\s*-{2,}\s*(Forwarded message|Message transféré|Weitergeleitete Nachricht|Mensaje reenviado|Forwarded Message)\s*-{2,}\s*$|^\s*(Début du message réexpédié|Begin forwarded message|Anfang der weitergeleiteten Nachricht|Inicio del mensaje reenviado)\s*:?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForwardMarker();

    [GeneratedRegex(@"^\s*-{2,}\s*(Original Message|Message d'origine|Ursprüngliche Nachricht|Mensaje original|Message original)\s*-{2,}\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMarker();

    [GeneratedRegex(@"^([_=\-*])\1{9,}$")]
    private static partial Regex FooterRule();

    [GeneratedRegex(@"^\s*_{20,}\s*$")]
    private static partial Regex OutlookRule();

    [GeneratedRegex(@"^\s*\*?(From|De|Von|Sent|Envoyé|Gesendet|Enviado|Date|Datum|Fecha|To|À|A|An|Para|Cc|Subject|Objet|Betreff|Asunto)\s*:\*?\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^(On\s.+\swrote\s*:|Le\s.+\sa\s+écrit\s*:|Am\s.+\sschrieb\s.*:|El\s.+\sescribió\s*:)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Attribution();

    [GeneratedRegex(@"^\s*(re\s*:\s*)*(fwd?|tr|wg|rv|enc|fw)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForwardSubject();

    [GeneratedRegex(@"^(Sent from my \w+|Envoyé de mon \w+|Von meinem \w+ gesendet|Enviado desde mi \w+|Get Outlook for \w+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MobileFooter();

    [GeneratedRegex(@"^(best regards|kind regards|warm regards|regards|best|cheers|thanks|thank you|many thanks|sincerely|yours sincerely|cordialement|bien cordialement|très cordialement|bien à vous|merci|merci d'avance|salutations|sincères salutations|mit freundlichen grüßen|mit freundlichen grüssen|freundliche grüße|viele grüße|beste grüße|gruß|grüße|saludos|saludos cordiales|un saludo|atentamente|gracias)\s*[,.!]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SignOff();
}
