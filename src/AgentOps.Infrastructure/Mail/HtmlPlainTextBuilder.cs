using System.Text;
using MimeKit.Text;

namespace AgentOps.Infrastructure.Mail;

/// <summary>
/// Builds the plain text of an HTML body from its tags and character data, whichever tokenizer reads them: block
/// elements end lines, <c>&lt;blockquote&gt;</c> quotes with <c>&gt;</c>, scripts, styles, the head and the title are
/// skipped, white space is collapsed and at most one blank line is kept in a row.
/// </summary>
internal sealed class HtmlPlainTextBuilder
{
    private readonly StringBuilder _text;
    private char[] _line = new char[256];
    private int _lineLength;
    private int _quoteDepth;
    private int _skipDepth;
    private int _blankLines;

    public HtmlPlainTextBuilder(int htmlLength)
    {
        _text = new StringBuilder(htmlLength / 2);
    }

    /// <summary>A start or end tag.</summary>
    public void Tag(HtmlTagId id, bool isEndTag, bool isEmptyElement)
    {
        if (id is HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Head or HtmlTagId.Title)
        {
            _skipDepth = Math.Max(0, _skipDepth + (isEndTag ? -1 : isEmptyElement ? 0 : 1));
        }
        else if (id == HtmlTagId.BlockQuote)
        {
            EndLine();
            _quoteDepth = Math.Max(0, _quoteDepth + (isEndTag ? -1 : 1));
        }
        else if (id is HtmlTagId.Br)
        {
            EndLine();
        }
        else if (id is HtmlTagId.P or HtmlTagId.Div or HtmlTagId.TR or HtmlTagId.LI or HtmlTagId.H1 or HtmlTagId.H2
            or HtmlTagId.H3 or HtmlTagId.H4 or HtmlTagId.H5 or HtmlTagId.H6 or HtmlTagId.Pre or HtmlTagId.Table or HtmlTagId.HR)
        {
            if (_lineLength > 0 || id is HtmlTagId.P)
            {
                EndLine();
            }
        }
        else if (id is HtmlTagId.TD or HtmlTagId.TH && !isEndTag)
        {
            Append(" ");
        }
    }

    /// <summary>Character data (entities already decoded); ignored inside skipped elements.</summary>
    public void Data(ReadOnlySpan<char> data)
    {
        if (_skipDepth > 0)
        {
            return;
        }

        var afterSpace = _lineLength == 0 || _line[_lineLength - 1] == ' ';
        var copiedUpTo = 0;
        for (var i = 0; i < data.Length; i++)
        {
            if (!char.IsWhiteSpace(data[i]))
            {
                afterSpace = false;
                continue;
            }

            Append(data[copiedUpTo..i]);
            copiedUpTo = i + 1;
            if (!afterSpace)
            {
                Append(" ");
                afterSpace = true;
            }
        }

        Append(data[copiedUpTo..]);
    }

    /// <summary>The text, trimmed.</summary>
    public string Finish()
    {
        EndLine();
        return _text.ToString().Trim();
    }

    private void EndLine()
    {
        var content = _line.AsSpan(0, _lineLength).Trim();

        // At most one blank line in a row (three line breaks become two).
        var blank = content.IsEmpty && _quoteDepth == 0;
        _blankLines = blank ? _blankLines + 1 : 0;
        if (_blankLines < 2)
        {
            for (var k = 0; k < _quoteDepth; k++)
            {
                _text.Append("> ");
            }

            _text.Append(content).Append('\n');
        }

        _lineLength = 0;
    }

    private void Append(ReadOnlySpan<char> chars)
    {
        if (_lineLength + chars.Length > _line.Length)
        {
            Array.Resize(ref _line, Math.Max(_line.Length * 2, _lineLength + chars.Length));
        }

        chars.CopyTo(_line.AsSpan(_lineLength));
        _lineLength += chars.Length;
    }
}
