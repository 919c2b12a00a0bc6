using System.Net;
using System.Text.RegularExpressions;

namespace AgentOps.Infrastructure.Chat;

/// <summary>Text conversions between chat platforms and the command grammar.</summary>
public static partial class ChatText
{
    /// <summary>Escapes the three characters Slack reserves in message text (<c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>).</summary>
    public static string EscapeSlack(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }

    /// <summary>A Slack code block (monospace, so the aligned columns of command output stay aligned).</summary>
    public static string SlackCodeBlock(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "```\n" + EscapeSlack(text).Replace("```", "ˋˋˋ", StringComparison.Ordinal) + "\n```";
    }

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="maxChars"/> characters at a line end, with a last line saying
    /// so (Slack refuses messages over 40,000 characters, Teams over about 28 KB).
    /// </summary>
    public static string Truncate(string text, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 200);
        if (text.Length <= maxChars)
        {
            return text;
        }

        var cut = text.LastIndexOf('\n', maxChars - 120);
        var kept = text[..(cut > 0 ? cut : maxChars - 120)];
        var lines = text.AsSpan(kept.Length).Count('\n');
        return $"{kept}\n… {lines} more line(s) cut; run the command with 'agentops pm' or read /api/v1 for the whole output.";
    }

    /// <summary>
    /// The command a Teams message carries: the <c>&lt;at&gt;bot&lt;/at&gt;</c> mention removed, other markup removed,
    /// HTML entities decoded (<c>&amp;nbsp;</c> becomes a space).
    /// </summary>
    public static string TeamsCommand(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var withoutMention = Mention().Replace(text, " ");
        var withoutMarkup = Tag().Replace(withoutMention, " ");
        return WebUtility.HtmlDecode(withoutMarkup).Replace('\u00a0', ' ').Trim();
    }

    [GeneratedRegex("<at\\b[^>]*>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Mention();

    [GeneratedRegex("</?[a-zA-Z][^>]*>", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Tag();
}
