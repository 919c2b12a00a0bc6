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
        var lines = body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var head = new List<string>(lines);
        var quoted = new List<string>();
        var forwarded = new List<string>();

        var marker = head.FindIndex(l => MayBeMarker(l) && (ForwardMarker().IsMatch(l) || OriginalMarker().IsMatch(l) || IsOutlookSeparator(head, l)));
        if (marker >= 0)
        {
            var isForward = ForwardMarker().IsMatch(head[marker]) || IsForwardSubject(subject);
            var tail = head.GetRange(marker, head.Count - marker);
            head.RemoveRange(marker, head.Count - marker);
            if (isForward)
            {
                forwarded.AddRange(SkipForwardHeader(tail));
            }
            else
            {
                quoted.AddRange(tail);
            }
        }

        var attribution = FindAttribution(head);
        if (attribution >= 0)
        {
            quoted.InsertRange(0, head.GetRange(attribution, head.Count - attribution));
            head.RemoveRange(attribution, head.Count - attribution);
        }

        var newLines = new List<string>();
        var inlineQuotes = new List<string>();
        foreach (var line in head)
        {
            (line.AsSpan().TrimStart().StartsWith('>') ? inlineQuotes : newLines).Add(line);
        }

        quoted.InsertRange(0, inlineQuotes);
        var signatureStart = FindSignature(newLines);
        var signature = new List<string>();
        if (signatureStart >= 0)
        {
            signature.AddRange(newLines.GetRange(signatureStart, newLines.Count - signatureStart));
            newLines.RemoveRange(signatureStart, newLines.Count - signatureStart);
        }

        return new BodyParts(Join(newLines), Join(quoted), Join(signature), Join(forwarded));
    }

    /// <summary>Whether the subject says the mail forwards another one (<c>Fwd:</c>, <c>Fw:</c>, <c>TR:</c>, <c>WG:</c>, <c>RV:</c>, <c>ENC:</c>).</summary>
    public static bool IsForwardSubject(string subject) => ForwardSubject().IsMatch(subject ?? string.Empty);

    private static int FindAttribution(List<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
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
            if (i + 1 < lines.Count && Attribution().IsMatch($"{lines[i].Trim()} {lines[i + 1].Trim()}"))
            {
                return i;
            }
        }

        return -1;
    }

    private static int FindSignature(List<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i] is "-- " or "--" or "-- \t" || (lines[i].Length < 60 && MayBeMobileFooter(lines[i]) && MobileFooter().IsMatch(lines[i].Trim())))
            {
                return i;
            }
        }

        var nonEmptySeen = 0;
        for (var i = lines.Count - 1; i >= 0 && nonEmptySeen < SignOffWindow; i--)
        {
            var line = lines[i].Trim();
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
    private static bool MayBeMarker(string line)
    {
        var trimmed = line.AsSpan().Trim();
        return trimmed.Length is > 0 and < 100 && (trimmed[0] is '-' or '_' || trimmed[^1] == ':');
    }

    /// <summary>Whether the line starts like an attribution, <c>On</c>, <c>Le</c>, <c>Am</c> or <c>El</c> then a space (the attribution expressions are tried only then).</summary>
    private static bool MayBeAttribution(string line)
    {
        var trimmed = line.AsSpan().TrimStart();
        return trimmed.Length > 2 && char.IsWhiteSpace(trimmed[2])
            && (trimmed.StartsWith("on", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("le", StringComparison.OrdinalIgnoreCase)
                || trimmed.StartsWith("am", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("el", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Cheap filter before the mobile footer expression: every footer starts with S, E, V or G (ſ matches s when case is ignored).</summary>
    private static bool MayBeMobileFooter(string line)
    {
        var trimmed = line.AsSpan().TrimStart();
        return trimmed.Length > 0 && trimmed[0] is 'S' or 's' or 'ſ' or 'E' or 'e' or 'V' or 'v' or 'G' or 'g';
    }

    private static bool IsOutlookSeparator(List<string> lines, string line)
    {
        if (!OutlookRule().IsMatch(line))
        {
            return false;
        }

        var index = lines.IndexOf(line);
        return index + 1 < lines.Count && HeaderLine().IsMatch(lines[index + 1]);
    }

    private static IEnumerable<string> SkipForwardHeader(List<string> tail)
    {
        var i = 1;
        while (i < tail.Count && (HeaderLine().IsMatch(tail[i]) || string.IsNullOrWhiteSpace(tail[i])))
        {
            i++;
        }

        return tail.Skip(i);
    }

    private static string Join(List<string> lines) => string.Join('\n', lines).Trim();

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
