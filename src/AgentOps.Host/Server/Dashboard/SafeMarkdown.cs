using System.Text;
using System.Text.RegularExpressions;

namespace AgentOps.Host.Server.Dashboard;

/// <summary>
/// Renders the Markdown AgentOps writes (post-mortems, runbooks) to HTML without trusting it: every character of the
/// source is HTML-encoded first, and only then are the few constructs used (headings, lists, tables, quotes, code,
/// bold, italic, http(s) links) turned into tags. Raw HTML in the source therefore shows as text.
/// </summary>
public static partial class SafeMarkdown
{
    /// <summary>Renders <paramref name="markdown"/>; headings start at <c>h3</c> (the page has its own <c>h1</c>/<c>h2</c>).</summary>
    public static HtmlFragment Render(string? markdown)
    {
        var html = new StringBuilder();
        var lines = (markdown ?? string.Empty).ReplaceLineEndings("\n").Split('\n');
        var paragraph = new List<string>();
        string? list = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                Flush(html, paragraph, ref list);
                var code = new List<string>();
                while (++i < lines.Length && !lines[i].Trim().StartsWith("```", StringComparison.Ordinal))
                {
                    code.Add(lines[i]);
                }

                html.Append("<pre><code>").Append(HtmlFragment.Encode(string.Join('\n', code)).Value).Append("</code></pre>\n");
                continue;
            }

            if (trimmed.Length == 0)
            {
                Flush(html, paragraph, ref list);
                continue;
            }

            if (HeadingPattern().Match(trimmed) is { Success: true } heading)
            {
                Flush(html, paragraph, ref list);
                var level = Math.Min(6, heading.Groups[1].Value.Length + 2);
                html.Append("<h").Append(level).Append('>').Append(Inline(heading.Groups[2].Value)).Append("</h").Append(level).Append(">\n");
                continue;
            }

            if (trimmed.StartsWith('|'))
            {
                Flush(html, paragraph, ref list);
                var rows = new List<string>();
                for (; i < lines.Length && lines[i].Trim().StartsWith('|'); i++)
                {
                    rows.Add(lines[i].Trim());
                }

                i--;
                RenderTable(html, rows);
                continue;
            }

            if (trimmed.StartsWith("> ", StringComparison.Ordinal) || trimmed == ">")
            {
                Flush(html, paragraph, ref list);
                html.Append("<blockquote>").Append(Inline(trimmed.TrimStart('>').Trim())).Append("</blockquote>\n");
                continue;
            }

            var bullet = BulletPattern().Match(trimmed);
            var numbered = NumberedPattern().Match(trimmed);
            if (bullet.Success || numbered.Success)
            {
                var kind = bullet.Success ? "ul" : "ol";
                FlushParagraph(html, paragraph);
                if (list != kind)
                {
                    CloseList(html, ref list);
                    html.Append('<').Append(kind).Append(">\n");
                    list = kind;
                }

                html.Append("<li>").Append(Inline((bullet.Success ? bullet : numbered).Groups[1].Value)).Append("</li>\n");
                continue;
            }

            CloseList(html, ref list);
            paragraph.Add(trimmed);
        }

        Flush(html, paragraph, ref list);
        return new HtmlFragment(html.ToString());
    }

    private static void RenderTable(StringBuilder html, List<string> rows)
    {
        html.Append("<div class=\"table-scroll\"><table>\n");
        var header = true;
        foreach (var row in rows)
        {
            var cells = SplitRow(row);
            if (cells.All(c => SeparatorPattern().IsMatch(c)))
            {
                continue;
            }

            var tag = header && rows.Count > 1 && rows.Skip(1).Take(1).Any(r => SplitRow(r).All(c => SeparatorPattern().IsMatch(c))) ? "th" : "td";
            html.Append("<tr>");
            foreach (var cell in cells)
            {
                html.Append('<').Append(tag).Append('>').Append(Inline(cell)).Append("</").Append(tag).Append('>');
            }

            html.Append("</tr>\n");
            header = false;
        }

        html.Append("</table></div>\n");
    }

    private static List<string> SplitRow(string row)
    {
        var inner = row.Trim();
        inner = inner.StartsWith('|') ? inner[1..] : inner;
        inner = inner.EndsWith('|') && !inner.EndsWith("\\|", StringComparison.Ordinal) ? inner[..^1] : inner;
        return CellSplitPattern().Split(inner).Select(c => c.Replace("\\|", "|", StringComparison.Ordinal).Trim()).ToList();
    }

    /// <summary>Inline markup on one line: encoded first, then <c>`code`</c>, <c>**bold**</c>, <c>_italic_</c>/<c>*italic*</c> and http(s) links.</summary>
    private static string Inline(string text)
    {
        var parts = text.Split('`');
        var html = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            var encoded = HtmlFragment.Encode(parts[i]).Value;
            if (i % 2 == 1 && i < parts.Length - 1)
            {
                html.Append("<code>").Append(encoded).Append("</code>");
                continue;
            }

            if (i % 2 == 1)
            {
                html.Append("&#x60;");
            }

            encoded = LinkPattern().Replace(encoded, m => m.Groups["url"].Value.StartsWith("http://", StringComparison.Ordinal) || m.Groups["url"].Value.StartsWith("https://", StringComparison.Ordinal)
                ? $"<a href=\"{m.Groups["url"].Value}\" rel=\"noopener noreferrer\">{m.Groups["text"].Value}</a>"
                : m.Groups["text"].Value);
            encoded = BoldPattern().Replace(encoded, "<strong>$1</strong>");
            encoded = ItalicPattern().Replace(encoded, "<em>$2</em>");
            html.Append(encoded);
        }

        return html.ToString();
    }

    private static void Flush(StringBuilder html, List<string> paragraph, ref string? list)
    {
        FlushParagraph(html, paragraph);
        CloseList(html, ref list);
    }

    private static void FlushParagraph(StringBuilder html, List<string> paragraph)
    {
        if (paragraph.Count == 0)
        {
            return;
        }

        html.Append("<p>").Append(string.Join("<br>\n", paragraph.Select(Inline))).Append("</p>\n");
        paragraph.Clear();
    }

    private static void CloseList(StringBuilder html, ref string? list)
    {
        if (list is not null)
        {
            html.Append("</").Append(list).Append(">\n");
            list = null;
        }
    }

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^[-*+]\s+(.*)$")]
    private static partial Regex BulletPattern();

    [GeneratedRegex(@"^\d+[.)]\s+(.*)$")]
    private static partial Regex NumberedPattern();

    [GeneratedRegex(@"^:?-{3,}:?$")]
    private static partial Regex SeparatorPattern();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSplitPattern();

    // Runs on encoded text: the URL cannot contain a quote or an angle bracket any more (they are entities by then).
    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?<url>[^)\s]+)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex BoldPattern();

    [GeneratedRegex(@"(?<![\w*])([_*])(?!\s)(.+?)(?<!\s)\1(?![\w*])")]
    private static partial Regex ItalicPattern();
}
