using System.Text;
using MimeKit.Text;

namespace AgentOps.Infrastructure.Mail;

/// <summary>Turns an HTML mail body into plain text: block elements become line breaks, <c>&lt;blockquote&gt;</c> becomes <c>&gt;</c> quoting, scripts and styles are dropped.</summary>
internal static class HtmlText
{
    /// <summary>The text of <paramref name="html"/>.</summary>
    public static string ToPlainText(string html)
    {
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader);
        var text = new StringBuilder(html.Length / 2);
        var line = new StringBuilder();
        var quoteDepth = 0;
        var skipDepth = 0;

        void EndLine()
        {
            var content = line.ToString().Trim();
            line.Clear();
            if (quoteDepth > 0)
            {
                text.Append(string.Concat(Enumerable.Repeat("> ", quoteDepth)));
            }

            text.Append(content).Append('\n');
        }

        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag:
                    if (tag.Id is HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Head or HtmlTagId.Title)
                    {
                        skipDepth = Math.Max(0, skipDepth + (tag.IsEndTag ? -1 : tag.IsEmptyElement ? 0 : 1));
                    }
                    else if (tag.Id == HtmlTagId.BlockQuote)
                    {
                        EndLine();
                        quoteDepth = Math.Max(0, quoteDepth + (tag.IsEndTag ? -1 : 1));
                    }
                    else if (tag.Id is HtmlTagId.Br)
                    {
                        EndLine();
                    }
                    else if (tag.Id is HtmlTagId.P or HtmlTagId.Div or HtmlTagId.TR or HtmlTagId.LI or HtmlTagId.H1 or HtmlTagId.H2
                        or HtmlTagId.H3 or HtmlTagId.H4 or HtmlTagId.H5 or HtmlTagId.H6 or HtmlTagId.Pre or HtmlTagId.Table or HtmlTagId.HR)
                    {
                        if (line.Length > 0 || tag.Id is HtmlTagId.P)
                        {
                            EndLine();
                        }
                    }
                    else if (tag.Id is HtmlTagId.TD or HtmlTagId.TH && !tag.IsEndTag)
                    {
                        line.Append(' ');
                    }

                    break;
                case HtmlDataToken data when skipDepth == 0 && token is not HtmlScriptDataToken:
                    AppendCollapsed(line, data.Data);
                    break;
            }
        }

        EndLine();
        var result = text.ToString();
        while (result.Contains("\n\n\n", StringComparison.Ordinal))
        {
            result = result.Replace("\n\n\n", "\n\n", StringComparison.Ordinal);
        }

        return result.Trim();
    }

    private static void AppendCollapsed(StringBuilder line, string data)
    {
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c))
            {
                if (line.Length > 0 && line[^1] != ' ')
                {
                    line.Append(' ');
                }
            }
            else
            {
                line.Append(c);
            }
        }
    }
}
