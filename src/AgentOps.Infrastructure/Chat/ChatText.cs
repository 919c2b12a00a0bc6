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
