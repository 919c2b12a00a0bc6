using System.Buffers;
using MimeKit.Text;

namespace AgentOps.Infrastructure.Mail;

/// <summary>
/// Builds the plain text of an HTML body from its tags and character data, whichever tokenizer reads them: block
/// elements end lines, <c>&lt;blockquote&gt;</c> quotes with <c>&gt;</c>, scripts, styles, the head and the title are
/// skipped, white space is collapsed and at most one blank line is kept in a row. After <see cref="Finish"/>, the
/// builder can be used again for another document (its buffers are kept, up to a size).
/// </summary>
internal sealed class HtmlPlainTextBuilder
{
    // Buffers larger than this (in characters) are not kept for the next document: the builder lives as long as its
    // thread, and most bodies are far smaller, so a rare large one allocates instead of pinning its size per thread.
    private const int MaxKeptLength = 32 * 1024;

    // Every character char.IsWhiteSpace accepts.
    private static readonly SearchValues<char> WhiteSpace = SearchValues.Create(
        [.. Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(char.IsWhiteSpace)]);
    private char[] _text;
    private int _textLength;
    private char[] _line = new char[256];
    private int _lineLength;
    private int _quoteDepth;
    private int _skipDepth;
    private int _blankLines;

    public HtmlPlainTextBuilder(int htmlLength)
    {
        _text = new char[Math.Clamp(htmlLength / 2, 256, MaxKeptLength)];
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

        // Each run of white space becomes one space, none right after a space or at the start of a line.
        var afterSpace = _lineLength == 0 || _line[_lineLength - 1] == ' ';
        while (!data.IsEmpty)
        {
            var space = data.IndexOfAny(WhiteSpace);
            if (space < 0)
            {
                Append(data);
                return;
            }

            if (space > 0)
            {
                Append(data[..space]);
                afterSpace = false;
            }

            if (!afterSpace)
            {
                Append(" ");
                afterSpace = true;
            }

            var next = data[space..].IndexOfAnyExcept(WhiteSpace);
            data = next < 0 ? [] : data[(space + next)..];
        }
    }

    /// <summary>The text, trimmed; the builder is then empty, ready for another document.</summary>
    public string Finish()
    {
        EndLine();
        var text = new string(_text.AsSpan(0, _textLength).Trim());
        Reset();
        return text;
    }

    /// <summary>Forgets what was built (after a tokenizer gave up half-way, say).</summary>
    public void Reset()
    {
        _textLength = 0;
        _lineLength = 0;
        _quoteDepth = 0;
        _skipDepth = 0;
        _blankLines = 0;
        if (_text.Length > MaxKeptLength)
        {
            _text = new char[MaxKeptLength];
        }

        if (_line.Length > MaxKeptLength)
        {
            _line = new char[256];
        }
    }

    private void EndLine()
    {
        var content = _line.AsSpan(0, _lineLength).Trim();

        // At most one blank line in a row (three line breaks become two).
        var blank = content.IsEmpty && _quoteDepth == 0;
        _blankLines = blank ? _blankLines + 1 : 0;
        if (_blankLines < 2)
        {
            EnsureText((_quoteDepth * 2) + content.Length + 1);
            for (var k = 0; k < _quoteDepth; k++)
            {
                _text[_textLength++] = '>';
                _text[_textLength++] = ' ';
            }

            content.CopyTo(_text.AsSpan(_textLength));
            _textLength += content.Length;
            _text[_textLength++] = '\n';
        }

        _lineLength = 0;
    }

    private void EnsureText(int more)
    {
        if (_textLength + more > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + more));
        }
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
