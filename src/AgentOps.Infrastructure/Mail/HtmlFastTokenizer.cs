using System.Buffers;
using System.Collections.Concurrent;
using MimeKit.Text;

namespace AgentOps.Infrastructure.Mail;

/// <summary>
/// A tokenizer for the HTML most mail is made of (character data, entities, tags with attributes, comments, a
/// DOCTYPE, style and title elements), reading it as MimeKit's <see cref="HtmlTokenizer"/> does but without building
/// token and attribute objects. It gives up, returning false, on what it does not cover (scripts, CDATA, bogus
/// comments, <c>&lt;plaintext&gt;</c>, a document cut inside a tag or an entity): the caller then uses MimeKit's
/// tokenizer.
/// </summary>
internal static class HtmlFastTokenizer
{
    private const int MaxCachedTagNames = 512;
    private static readonly SearchValues<char> DataStops = SearchValues.Create("<&");
    private static readonly SearchValues<char> RawTextStops = SearchValues.Create("<\0");
    private static readonly SearchValues<char> RcDataStops = SearchValues.Create("<&\0");
    private static readonly SearchValues<char> TagNameStops = SearchValues.Create("\t\r\n\f /> \0");
    private static readonly SearchValues<char> AttributeNameStops = SearchValues.Create("\t\r\n\f /=>");
    private static readonly SearchValues<char> UnquotedValueStops = SearchValues.Create("\t\r\n\f >");
    // The commonest references, complete with their semicolon, and what MimeKit's entity decoder makes of them.
    private static readonly (string Name, string Value)[] CommonReferences = [("nbsp;", "\u00A0"), ("amp;", "&"), ("lt;", "<"), ("gt;", ">"), ("quot;", "\"")];
    private static readonly ConcurrentDictionary<string, HtmlTagId> TagIds = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, HtmlTagId>.AlternateLookup<ReadOnlySpan<char>> TagIdsByName = TagIds.GetAlternateLookup<ReadOnlySpan<char>>();

    // Building MimeKit's entity decoder costs more than converting a small body: one per thread, reset after each use.
    [ThreadStatic]
    private static HtmlEntityDecoder? _entityDecoder;

    private enum TagState
    {
        BeforeAttributeName,
        AttributeName,
        AfterAttributeName,
        BeforeAttributeValue,
        AttributeValueQuoted,
        AttributeValueUnquoted,
        AfterAttributeValueQuoted,
        SelfClosingStartTag,
    }

    private enum CommentState
    {
        Start,
        StartDash,
        Comment,
        EndDash,
        End,
        EndBang,
    }

    /// <summary>Reads <paramref name="html"/> into <paramref name="builder"/>; false (the builder then holds a partial text) when the document needs MimeKit's tokenizer.</summary>
    public static bool TryRead(ReadOnlySpan<char> html, HtmlPlainTextBuilder builder)
    {
        string? rawTextTag = null;
        var rcData = false;
        var i = 0;
        while (i < html.Length)
        {
            if (rawTextTag is not null)
            {
                if (!TryReadRawText(html, ref i, builder, ref rawTextTag, rcData))
                {
                    return false;
                }

                continue;
            }

            // Character data goes to the builder as it is read: cutting it at other places than MimeKit's tokens does not change the text.
            var stop = html[i..].IndexOfAny(DataStops);
            if (stop != 0)
            {
                builder.Data(stop < 0 ? html[i..] : html.Slice(i, stop));
                i = stop < 0 ? html.Length : i + stop;
                continue;
            }

            if (html[i] == '&')
            {
                if (!TryReadReference(html, ref i, builder))
                {
                    return false;
                }

                continue;
            }

            if (i + 1 >= html.Length)
            {
                return false;
            }

            var next = html[i + 1];
            if (next == '!')
            {
                if (!TrySkipMarkup(html, ref i))
                {
                    return false;
                }
            }
            else if (next == '/')
            {
                if (i + 2 >= html.Length)
                {
                    return false;
                }

                if (html[i + 2] == '>')
                {
                    i += 3;
                }
                else if (char.IsAsciiLetter(html[i + 2]))
                {
                    i += 2;
                    if (!TryReadTag(html, ref i, isEndTag: true, builder, out _, out _))
                    {
                        return false;
                    }
                }
                else
                {
                    return false;
                }
            }
            else if (char.IsAsciiLetter(next))
            {
                i++;
                if (!TryReadTag(html, ref i, isEndTag: false, builder, out var id, out var name))
                {
                    return false;
                }

                switch (id)
                {
                    case HtmlTagId.Style or HtmlTagId.Xmp or HtmlTagId.IFrame or HtmlTagId.NoEmbed or HtmlTagId.NoFrames or HtmlTagId.NoScript:
                        rawTextTag = html[name].ToString();
                        rcData = false;
                        break;
                    case HtmlTagId.Title or HtmlTagId.TextArea:
                        rawTextTag = html[name].ToString();
                        rcData = true;
                        break;
                    case HtmlTagId.Script or HtmlTagId.PlainText:
                        return false;
                }
            }
            else if (next == '?')
            {
                return false;
            }
            else
            {
                // Not a tag: '<' and the character after it are data (that character is not read again).
                builder.Data(html.Slice(i, 2));
                i += 2;
            }
        }

        return true;
    }

    /// <summary>A character reference at <paramref name="i"/> (<c>&amp;</c>), decoded by MimeKit's entity decoder as its tokenizer does.</summary>
    private static bool TryReadReference(ReadOnlySpan<char> html, ref int i, HtmlPlainTextBuilder builder)
    {
        i++;
        if (i >= html.Length)
        {
            return false;
        }

        var c = html[i];
        if (c is '\t' or '\r' or '\n' or '\f' or ' ' or '<' or '&')
        {
            builder.Data("&");
            return true;
        }

        foreach (var (name, value) in CommonReferences)
        {
            if (html[i..].StartsWith(name, StringComparison.Ordinal))
            {
                builder.Data(value);
                i += name.Length;
                return true;
            }
        }

        var entity = _entityDecoder ??= new HtmlEntityDecoder();
        entity.Push('&');
        while (entity.Push(c))
        {
            i++;
            if (c == ';')
            {
                break;
            }

            if (i >= html.Length)
            {
                entity.Reset();
                return false;
            }

            c = html[i];
        }

        builder.Data(entity.GetValue());
        entity.Reset();
        return true;
    }

    /// <summary>
    /// The rest of a tag whose name starts at <paramref name="i"/>: the name, then attributes skipped through the
    /// attribute states (entities in values never hold a quote, a space or <c>&gt;</c>, so they are skipped as text).
    /// </summary>
    private static bool TryReadTag(ReadOnlySpan<char> html, ref int i, bool isEndTag, HtmlPlainTextBuilder builder, out HtmlTagId id, out Range name)
    {
        id = HtmlTagId.Unknown;
        name = default;
        var start = i;
        var end = html[i..].IndexOfAny(TagNameStops);
        if (end < 0 || html[i + end] == '\0')
        {
            return false;
        }

        i += end;
        name = start..i;
        id = IdOf(html[name]);
        var state = html[i] switch
        {
            '/' => TagState.SelfClosingStartTag,
            '>' => (TagState?)null,
            _ => TagState.BeforeAttributeName,
        };
        i++;
        var isEmptyElement = false;
        var quote = '\0';
        while (state is { } current)
        {
            if (i >= html.Length)
            {
                return false;
            }

            if (current == TagState.AttributeValueQuoted)
            {
                var close = html[i..].IndexOf(quote);
                if (close < 0)
                {
                    return false;
                }

                i += close + 1;
                state = TagState.AfterAttributeValueQuoted;
                continue;
            }

            if (current is TagState.AttributeName or TagState.AttributeValueUnquoted)
            {
                // Every character up to the next one that ends the name or the value stays in the same state.
                var stop = html[i..].IndexOfAny(current == TagState.AttributeName ? AttributeNameStops : UnquotedValueStops);
                if (stop < 0)
                {
                    return false;
                }

                i += stop;
            }

            var c = html[i];
            if (current == TagState.AfterAttributeValueQuoted && c is not ('\t' or '\r' or '\n' or '\f' or ' ' or '/' or '>'))
            {
                // Not consumed: read again as the start of an attribute name.
                state = TagState.BeforeAttributeName;
                continue;
            }

            i++;
            var isSpace = c is '\t' or '\r' or '\n' or '\f' or ' ';
            state = current switch
            {
                TagState.BeforeAttributeName => isSpace ? current : c switch { '/' => TagState.SelfClosingStartTag, '>' => null, _ => TagState.AttributeName },
                TagState.AttributeName => isSpace ? TagState.AfterAttributeName : c switch { '/' => TagState.SelfClosingStartTag, '=' => TagState.BeforeAttributeValue, '>' => null, _ => current },
                TagState.AfterAttributeName => isSpace ? current : c switch { '/' => TagState.SelfClosingStartTag, '=' => TagState.BeforeAttributeValue, '>' => null, _ => TagState.AttributeName },
                TagState.BeforeAttributeValue => isSpace ? current : c switch
                {
                    '"' or '\'' => TagState.AttributeValueQuoted,
                    '/' => TagState.SelfClosingStartTag,
                    '>' => null,
                    _ => TagState.AttributeValueUnquoted,
                },
                TagState.AttributeValueUnquoted => isSpace ? TagState.BeforeAttributeName : c == '>' ? null : current,
                TagState.AfterAttributeValueQuoted => isSpace ? TagState.BeforeAttributeName : c == '/' ? TagState.SelfClosingStartTag : null,

                // After '/', anything but '>' is dropped and attributes go on.
                _ => c == '>' ? null : TagState.BeforeAttributeName,
            };
            if (current == TagState.BeforeAttributeValue && state == TagState.AttributeValueQuoted)
            {
                quote = c;
            }

            isEmptyElement = current == TagState.SelfClosingStartTag && state is null;
        }

        builder.Tag(id, isEndTag, isEmptyElement);
        if (isEndTag || isEmptyElement)
        {
            // Only a start tag that is not self-closing switches to raw text.
            id = HtmlTagId.Unknown;
        }

        return true;
    }

    /// <summary>Skips <c>&lt;!--…--&gt;</c> or a DOCTYPE at <paramref name="i"/>; false for anything else after <c>&lt;!</c>.</summary>
    private static bool TrySkipMarkup(ReadOnlySpan<char> html, ref int i)
    {
        var rest = html[(i + 2)..];
        if (rest.StartsWith("--"))
        {
            i += 4;
            SkipComment(html, ref i);
            return true;
        }

        if (rest.Length < 7 || !rest[..7].Equals("doctype", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Any DOCTYPE state ends at '>': only a quoted '>' could be read differently, so the quotes before it must pair up.
        var end = rest.IndexOf('>');
        if (end < 0 || rest[..end].Contains('\'') || rest[..end].Count('"') % 2 != 0)
        {
            return false;
        }

        i += 2 + end + 1;
        return true;
    }

    /// <summary>Skips a comment's text and end through the comment states (<c>--&gt;</c>, <c>--!&gt;</c>, an early <c>&gt;</c>); the end of input ends it too.</summary>
    private static void SkipComment(ReadOnlySpan<char> html, ref int i)
    {
        var state = CommentState.Start;
        while (i < html.Length)
        {
            var c = html[i++];
            CommentState? next = state switch
            {
                CommentState.Start => c switch { '-' => CommentState.StartDash, '>' => null, _ => CommentState.Comment },
                CommentState.StartDash => c switch { '-' => CommentState.End, '>' => null, _ => CommentState.Comment },
                CommentState.Comment => c == '-' ? CommentState.EndDash : CommentState.Comment,
                CommentState.EndDash => c == '-' ? CommentState.End : CommentState.Comment,
                CommentState.End => c switch { '>' => null, '!' => CommentState.EndBang, '-' => CommentState.End, _ => CommentState.Comment },
                _ => c switch { '-' => CommentState.EndDash, '>' => null, _ => CommentState.Comment },
            };
            if (next is not { } following)
            {
                return;
            }

            state = following;
        }
    }

    /// <summary>Text of a raw text (style…) or RCDATA (title, textarea) element up to its end tag, which is then read as a tag.</summary>
    private static bool TryReadRawText(ReadOnlySpan<char> html, ref int i, HtmlPlainTextBuilder builder, ref string? rawTextTag, bool rcData)
    {
        var stop = html[i..].IndexOfAny(rcData ? RcDataStops : RawTextStops);
        if (stop != 0)
        {
            builder.Data(stop < 0 ? html[i..] : html.Slice(i, stop));
            i = stop < 0 ? html.Length : i + stop;
            return true;
        }

        switch (html[i])
        {
            case '\0':
                builder.Data("\uFFFD");
                i++;
                return true;
            case '&':
                return TryReadReference(html, ref i, builder);
        }

        // '<': text unless it starts this element's end tag ("</" and the element's name, then a space, '/' or '>').
        var start = i;
        if (i + 1 >= html.Length || html[i + 1] != '/')
        {
            builder.Data("<");
            i++;
            return true;
        }

        if (i + 2 >= html.Length)
        {
            return false;
        }

        var nameStart = i + 2;
        var end = nameStart;
        while (end < html.Length && char.IsAsciiLetter(html[end]))
        {
            end++;
        }

        if (end == nameStart)
        {
            // "</" then no letter: text, and the character after it is read again.
            builder.Data(html.Slice(start, 2));
            i = nameStart;
            return true;
        }

        if (end >= html.Length)
        {
            return false;
        }

        var isEnd = html[end] is '\t' or '\r' or '\n' or '\f' or ' ' or '/' or '>'
            && html.Slice(nameStart, end - nameStart).Equals(rawTextTag, StringComparison.OrdinalIgnoreCase);
        if (!isEnd)
        {
            // Not this element's end tag: what was read, the character that ended the name included, is text.
            builder.Data(html.Slice(start, end + 1 - start));
            i = end + 1;
            return true;
        }

        i = nameStart;
        rawTextTag = null;
        return TryReadTag(html, ref i, isEndTag: true, builder, out _, out _);
    }

    private static HtmlTagId IdOf(ReadOnlySpan<char> name)
    {
        if (TagIdsByName.TryGetValue(name, out var id))
        {
            return id;
        }

        var text = name.ToString();
        id = new HtmlTagToken(text, isEndTag: false).Id;
        if (TagIds.Count < MaxCachedTagNames)
        {
            TagIds.TryAdd(text, id);
        }

        return id;
    }
}
