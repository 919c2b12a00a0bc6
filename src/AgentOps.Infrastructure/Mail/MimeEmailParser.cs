using System.Buffers;
using System.Security.Cryptography;
using AgentOps.Core.Intake;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AgentOps.Infrastructure.Mail;

/// <summary>
/// <see cref="IEmailParser"/> on MimeKit. Guards against header bombs and oversized mail before parsing, parses
/// seekable input without loading attachment contents, picks the plain text body (or converts HTML), decodes any
/// charset (mislabelled ones included) and repairs mojibake, splits quoted replies, forwards and signatures, and keeps
/// text/log attachments as capped evidence.
/// </summary>
public sealed class MimeEmailParser : IEmailParser
{
    private const int CopyBufferSize = 81920;

    // First buffer for a part's decoded content when its encoded length is unknown.
    private const int ReadChunkSize = 16 * 1024;

    // Header sections are a few kilobytes: reading them in small chunks avoids copying the whole message.
    private const int HeaderChunkSize = 4096;
    private static readonly SearchValues<byte> TextBytes = SearchValues.Create([(byte)'\t', (byte)'\n', (byte)'\r', .. Enumerable.Range(0x20, 0xE0).Select(b => (byte)b)]);
    // One MimeParser per thread, given each email's stream in turn: its buffers are made once.
    [ThreadStatic]
    private static MimeParser? _mimeParser;
    private static readonly ParserOptions MimeOptions = ParserOptions.Default.Clone();
    private readonly MailOptions _options;

    public MimeEmailParser(IOptions<MailOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    /// <inheritdoc />
    public InboundEmail Parse(Stream raw, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(raw);
        using var owned = raw.CanSeek ? null : CopyCapped(raw, cancellationToken);
        var stream = owned ?? raw;
        var start = stream.Position;
        var length = stream.Length - start;
        if (length == 0)
        {
            throw new EmailRejectedException("The file is empty.");
        }

        if (length > _options.MaxMessageBytes)
        {
            throw new EmailRejectedException($"The email is {length:N0} bytes, more than the {_options.MaxMessageBytes:N0} bytes allowed (Mail:MaxMessageBytes).");
        }

        CheckHeaderSection(stream);
        stream.Position = start;
        MimeMessage message;
        var parser = _mimeParser ??= new MimeParser(MimeOptions, Stream.Null, persistent: true);
        try
        {
            // Persistent: part contents stay in the stream, decoded from it when read below, never copied.
            parser.SetStream(stream, MimeFormat.Default, persistent: true);
            message = parser.ParseMessage(cancellationToken);
        }
        catch (FormatException ex)
        {
            throw new EmailRejectedException($"Not a valid MIME message: {ex.Message}", ex);
        }
        finally
        {
            // The parser is kept for the thread's next email, not the stream.
            parser.SetStream(Stream.Null, MimeFormat.Default, persistent: true);
        }

        var notes = new List<string>();
        var from = message.From.Mailboxes.FirstOrDefault() ?? message.Sender;
        if (from is null || string.IsNullOrWhiteSpace(from.Address) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            throw new EmailRejectedException("The email has no usable sender: the From header is missing or holds no address.");
        }

        var subject = TextDecoder.RepairHeader(message.Subject);
        var entities = new List<MimeEntity>(message.BodyParts);
        var body = ReadBody(entities, notes);
        var parts = ReplySplitter.Split(body, subject);
        var forwarded = parts.ForwardedText;
        var embedded = FirstEmbeddedMessage(entities);
        if (forwarded.Length == 0 && embedded is not null)
        {
            forwarded = ReplySplitter.Split(ReadBody(embedded.BodyParts, notes), embedded.Subject ?? string.Empty).NewText;
            notes.Add("forwarded message attached as message/rfc822");
        }

        // Each message id property is read once: its getter decodes the header value.
        var messageId = message.MessageId;
        var inReplyTo = message.InReplyTo;
        return new InboundEmail
        {
            MessageId = string.IsNullOrWhiteSpace(messageId) ? SyntheticId(stream, start) : messageId.Trim(),
            FromName = TextDecoder.RepairHeader(from.Name),
            FromAddress = from.Address.Trim().ToLowerInvariant(),
            To = Recipients(message),
            Subject = subject,
            Date = message.Headers.Contains(HeaderId.Date) ? message.Date : null,
            InReplyTo = string.IsNullOrWhiteSpace(inReplyTo) ? null : inReplyTo.Trim(),
            References = [.. message.References],
            NewText = parts.NewText,
            ForwardedText = forwarded,
            QuotedText = parts.QuotedText,
            Signature = parts.Signature,
            RawText = body,
            Attachments = ReadAttachments(entities, notes),
            Notes = notes,
        };
    }

    /// <summary>The addresses of the To then Cc mailboxes.</summary>
    private static List<string> Recipients(MimeMessage message)
    {
        var to = message.To;
        var cc = message.Cc;
        var addresses = new List<string>(to.Count + cc.Count);
        foreach (var mailbox in to.Mailboxes)
        {
            addresses.Add(mailbox.Address);
        }

        foreach (var mailbox in cc.Mailboxes)
        {
            addresses.Add(mailbox.Address);
        }

        return addresses;
    }

    /// <summary>The body text from the first plain text part that is not an attachment, else the first HTML one, else the first text part.</summary>
    private string ReadBody(IEnumerable<MimeEntity> entities, List<string> notes)
    {
        TextPart? plain = null;
        TextPart? html = null;
        TextPart? other = null;
        foreach (var entity in entities)
        {
            if (entity is not TextPart part || part.IsAttachment)
            {
                continue;
            }

            other ??= part;
            if (part.IsPlain)
            {
                plain = part;
                break;
            }

            if (part.IsHtml)
            {
                html ??= part;
            }
        }

        if (plain is not null)
        {
            return ReadText(plain, _options.MaxBodyBytes, "body", notes, Trimmed).Text;
        }

        if (html is not null)
        {
            notes.Add("HTML-only body converted to text");
            return ReadText(html, _options.MaxBodyBytes, "body", notes, HtmlText.ToPlainText).Text;
        }

        return other is null ? string.Empty : ReadText(other, _options.MaxBodyBytes, "body", notes, Trimmed).Text;
    }

    private static string Trimmed(ReadOnlySpan<char> text) => new(text.Trim());

    private static MimeMessage? FirstEmbeddedMessage(List<MimeEntity> entities)
    {
        foreach (var entity in entities)
        {
            if (entity is MessagePart { Message: { } message })
            {
                return message;
            }
        }

        return null;
    }

    private List<EmailAttachment> ReadAttachments(List<MimeEntity> entities, List<string> notes)
    {
        var attachments = new List<EmailAttachment>();
        var index = 0;
        foreach (var entity in entities)
        {
            if (entity is not MimePart { IsAttachment: true } part)
            {
                continue;
            }

            index++;
            var name = TextDecoder.RepairHeader(part.FileName);
            if (name.Length == 0)
            {
                name = $"attachment-{index}";
            }

            if (!IsText(part, name))
            {
                notes.Add($"attachment {name} ({part.ContentType.MimeType}) not kept: not text");
                continue;
            }

            var (text, truncated) = ReadText(part, _options.MaxAttachmentBytes, $"attachment {name}", notes);
            if (truncated)
            {
                notes.Add($"attachment {name} truncated to {_options.MaxAttachmentBytes:N0} bytes");
            }

            attachments.Add(new EmailAttachment(name, part.ContentType.MimeType, text, truncated));
        }

        return attachments;
    }

    private bool IsText(MimePart part, string name) =>
        part.ContentType.IsMimeType("text", "*")
        || part.ContentType.IsMimeType("application", "json")
        || part.ContentType.IsMimeType("application", "xml")
        || _options.TextAttachmentExtensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase);

    /// <summary>The decoded text of <paramref name="part"/>, cut at <paramref name="maxBytes"/> bytes, or what <paramref name="convert"/> makes of it.</summary>
    private static (string Text, bool Truncated) ReadText(MimePart part, int maxBytes, string what, List<string> notes, TextDecoder.Converter? convert = null)
    {
        if (part.Content is null)
        {
            return (string.Empty, false);
        }

        // Open() decodes on the fly: only the first maxBytes + 1 bytes are ever decoded, whatever the attachment's size.
        // Decoded content is never longer than its transfer encoding, so the encoded length sizes the buffer.
        var limit = maxBytes + 1;
        var encoded = part.Content.Stream is { CanSeek: true } source ? source.Length : ReadChunkSize;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(encoded + 1, 1, limit));
        var length = 0;
        try
        {
            using (var decoded = part.Content.Open())
            {
                while (length < limit)
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit, buffer.Length * 2L));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var n = decoded.Read(buffer, length, Math.Min(buffer.Length, limit) - length);
                    if (n <= 0)
                    {
                        break;
                    }

                    length += n;
                }
            }

            var bytes = buffer.AsSpan(0, length);
            var truncated = bytes.Length > maxBytes;
            if (truncated)
            {
                var cut = maxBytes;
                // Do not cut a UTF-8 sequence in half.
                while (cut > 0 && cut > maxBytes - 3 && (bytes[cut] & 0xC0) == 0x80)
                {
                    cut--;
                }

                bytes = bytes[..cut];
            }

            var charset = (part as TextPart)?.ContentType.Charset ?? part.ContentType.Charset;
            return (TextDecoder.Decode(bytes, charset, what, notes, convert), truncated);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void CheckFirstLine(Stream stream)
    {
        var start = stream.Position;
        Span<byte> head = stackalloc byte[256];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = start;
        var line = head[..read];
        if (line.StartsWith("From "u8))
        {
            return;
        }

        var name = 0;
        while (name < line.Length && IsFieldNameByte(line[name]))
        {
            name++;
        }

        while (name > 0 && name < line.Length && line[name] is (byte)' ' or (byte)'\t')
        {
            name++;
        }

        if (name == 0 || name >= line.Length || line[name] != ':')
        {
            throw new EmailRejectedException("Not an email: the first line is not a header field.");
        }
    }

    private void CheckHeaderSection(Stream stream)
    {
        CheckFirstLine(stream);
        var start = stream.Position;
        var buffer = ArrayPool<byte>.Shared.Rent(HeaderChunkSize);
        try
        {
            // Line by line: the header section ends at the first empty line ("\n" or "\r" at a line start after the first).
            long offset = 0;
            var headers = 0;
            var nonText = 0;
            var atLineStart = true;
            int read;
            while ((read = stream.Read(buffer, 0, HeaderChunkSize)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                var i = 0;
                while (i < read)
                {
                    var position = offset + i;
                    if (atLineStart)
                    {
                        var first = chunk[i];
                        if (first == '\n' || (first == '\r' && position > 0))
                        {
                            EnsureLooksLikeMail(headers, nonText, position);
                            return;
                        }

                        if (first is not ((byte)' ' or (byte)'\t' or (byte)'\r') && ++headers > _options.MaxHeaderCount)
                        {
                            throw new EmailRejectedException($"Header bomb: more than {_options.MaxHeaderCount:N0} header fields (Mail:MaxHeaderCount).");
                        }
                    }

                    if (position >= _options.MaxHeaderBytes)
                    {
                        throw new EmailRejectedException($"Header bomb: the header section is larger than {_options.MaxHeaderBytes:N0} bytes (Mail:MaxHeaderBytes).");
                    }

                    // The rest of the line, within this chunk and the size limit.
                    var segment = chunk[i..(int)Math.Min(read, _options.MaxHeaderBytes - offset)];
                    var newline = segment.IndexOf((byte)'\n');
                    var line = newline < 0 ? segment : segment[..(newline + 1)];
                    nonText += CountNonText(line);
                    i += line.Length;
                    atLineStart = newline >= 0;
                }

                offset += read;
            }

            EnsureLooksLikeMail(headers, nonText, offset);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            stream.Position = start;
        }
    }

    /// <summary>Control bytes other than tab, line feed and carriage return (NUL included).</summary>
    private static int CountNonText(ReadOnlySpan<byte> bytes)
    {
        var count = 0;
        for (var next = bytes.IndexOfAnyExcept(TextBytes); next >= 0; next = bytes.IndexOfAnyExcept(TextBytes))
        {
            count++;
            bytes = bytes[(next + 1)..];
        }

        return count;
    }

    private static bool IsFieldNameByte(byte b) => b is > 32 and < 127 and not (byte)':';

    private static void EnsureLooksLikeMail(int headers, int nonText, long scanned)
    {
        if (headers == 0)
        {
            throw new EmailRejectedException("Not an email: no header section.");
        }

        if (nonText > 0 && nonText * 100 >= Math.Max(scanned, 1))
        {
            throw new EmailRejectedException($"Not an email: the header section holds binary data ({nonText:N0} control bytes).");
        }
    }

    private MemoryStream CopyCapped(Stream raw, CancellationToken cancellationToken)
    {
        var copy = new MemoryStream();
        var buffer = new byte[CopyBufferSize];
        int read;
        while ((read = raw.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            copy.Write(buffer, 0, read);
            if (copy.Length > _options.MaxMessageBytes)
            {
                copy.Dispose();
                throw new EmailRejectedException($"The email is more than the {_options.MaxMessageBytes:N0} bytes allowed (Mail:MaxMessageBytes).");
            }
        }

        copy.Position = 0;
        return copy;
    }

    private static string SyntheticId(Stream stream, long start)
    {
        stream.Position = start;
        var hash = SHA256.HashData(stream);
        return $"sha256-{Convert.ToHexStringLower(hash)[..32]}@agentops.local";
    }
}
