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
        var blankLines = 0;

        void EndLine()
        {
            var start = 0;
            var end = line.Length;
            while (start < end && char.IsWhiteSpace(line[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(line[end - 1]))
            {
                end--;
            }

            // At most one blank line in a row (three line breaks become two).
            var blank = start == end && quoteDepth == 0;
            blankLines = blank ? blankLines + 1 : 0;
            if (blankLines < 2)
            {
                for (var k = 0; k < quoteDepth; k++)
                {
                    text.Append("> ");
                }

                text.Append(line, start, end - start).Append('\n');
            }

            line.Clear();
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
        return text.ToString().Trim();
    }

    private static void AppendCollapsed(StringBuilder line, string data)
    {
        var afterSpace = line.Length == 0 || line[^1] == ' ';
        var copiedUpTo = 0;
        for (var i = 0; i < data.Length; i++)
        {
            if (!char.IsWhiteSpace(data[i]))
            {
                afterSpace = false;
                continue;
            }

            line.Append(data, copiedUpTo, i - copiedUpTo);
            copiedUpTo = i + 1;
            if (!afterSpace)
            {
                line.Append(' ');
                afterSpace = true;
            }
        }

        line.Append(data, copiedUpTo, data.Length - copiedUpTo);
    }
}
