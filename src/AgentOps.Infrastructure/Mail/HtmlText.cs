using MimeKit.Text;

namespace AgentOps.Infrastructure.Mail;

/// <summary>Turns an HTML mail body into plain text: block elements become line breaks, <c>&lt;blockquote&gt;</c> becomes <c>&gt;</c> quoting, scripts and styles are dropped.</summary>
internal static class HtmlText
{
    // One builder per thread: its buffers serve every body converted on that thread.
    [ThreadStatic]
    private static HtmlPlainTextBuilder? _builder;

    /// <summary>The text of <paramref name="html"/>.</summary>
    public static string ToPlainText(string html) => ToPlainText(html.AsSpan());

    /// <summary>The text of the HTML document <paramref name="html"/>.</summary>
    public static string ToPlainText(ReadOnlySpan<char> html)
    {
        // The fast tokenizer reads the common constructs the way MimeKit's does and gives up on the others.
        var builder = _builder ??= new HtmlPlainTextBuilder(html.Length);
        builder.Reset();
        if (HtmlFastTokenizer.TryRead(html, builder))
        {
            return builder.Finish();
        }

        return ToPlainTextWithMimeKit(new string(html));
    }

    /// <summary>The text of <paramref name="html"/> read by MimeKit's tokenizer, whatever the document holds.</summary>
    internal static string ToPlainTextWithMimeKit(string html)
    {
        var builder = new HtmlPlainTextBuilder(html.Length);
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader);
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag:
                    builder.Tag(tag.Id, tag.IsEndTag, tag.IsEmptyElement);
                    break;
                case HtmlDataToken data when token is not HtmlScriptDataToken:
                    builder.Data(data.Data);
                    break;
            }
        }

        return builder.Finish();
    }
}
