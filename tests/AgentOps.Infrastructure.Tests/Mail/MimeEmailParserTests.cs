using System.Text;
using AgentOps.Core.Intake;
using AgentOps.Infrastructure.Mail;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Tests.Mail;

public sealed class MimeEmailParserTests
{
    private static readonly Encoding Latin1 = Encoding.Latin1;
    private readonly MimeEmailParser _parser = new(Options.Create(new MailOptions { MaxAttachmentBytes = 1024 }));

    private InboundEmail Parse(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return _parser.Parse(stream);
    }

    private string Reject(byte[] bytes) => Assert.Throws<EmailRejectedException>(() => Parse(bytes)).Message;

    [Fact]
    public void Parse_SeedSupportEmail_ExtractsHeadersNewTextAndSignature()
    {
        // Act
        var email = Parse(TestMail.Seed());

        // Assert
        Assert.Equal("seed-004@client-existant.fr", email.MessageId);
        Assert.Equal(("Jean Martin", "support@client-existant.fr"), (email.FromName, email.FromAddress));
        Assert.Equal(["urgence@agence.fr"], email.To);
        Assert.Equal("URGENT - Paiements bloqués !!!", email.Subject);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 12, 0, TimeSpan.FromHours(1)), email.Date);
        Assert.StartsWith("Les clients ne peuvent plus payer", email.NewText, StringComparison.Ordinal);
        Assert.Contains("Jean Martin\nDSI", email.RawText, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Latin1Body_DecodesDeclaredCharset()
    {
        // Arrange
        var bytes = TestMail.Concat(
            TestMail.Utf8("From: a@client.fr\r\nSubject: test\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"),
            Latin1.GetBytes("Problème réseau à Orléans"));

        // Act
        var email = Parse(bytes);

        // Assert
        Assert.Equal("Problème réseau à Orléans", email.NewText);
    }

    [Fact]
    public void Parse_Utf8BytesLabelledLatin1_ReadsUtf8AndNotesTheLie()
    {
        // Arrange
        var bytes = TestMail.Utf8("From: a@client.fr\r\nSubject: test\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nScénario de reprise échoué");

        // Act
        var email = Parse(bytes);

        // Assert
        Assert.Equal("Scénario de reprise échoué", email.NewText);
        Assert.Contains(email.Notes, n => n.Contains("bytes are UTF-8", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_Latin1BytesLabelledUtf8_ReadsWindows1252()
    {
        // Arrange
        var bytes = TestMail.Concat(TestMail.Utf8("From: a@client.fr\r\nSubject: test\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"), CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("Facture impayée – relance"));

        // Act
        var email = Parse(bytes);

        // Assert
        Assert.Equal("Facture impayée – relance", email.NewText);
    }

    [Fact]
    public void Parse_MojibakeInSubjectAndBody_IsRepaired()
    {
        // Arrange
        var bytes = TestMail.Utf8("From: =?utf-8?Q?Jos=C3=83=C2=A9?= <jose@client.fr>\r\nSubject: R√©solution du ScÃ©nario\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nLe paiement a Ã©chouÃ© deux fois.");

        // Act
        var email = Parse(bytes);

        // Assert
        Assert.Equal("Résolution du Scénario", email.Subject);
        Assert.Equal("Le paiement a échoué deux fois.", email.NewText);
        Assert.Equal("José", email.FromName);
    }

    [Fact]
    public void Parse_HtmlOnly_ConvertsToTextAndQuotesBlockquotes()
    {
        // Arrange
        var bytes = TestMail.Utf8("From: a@client.fr\r\nSubject: Re: panne\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
            "<html><head><style>p{color:red}</style></head><body><p>Le site est <b>toujours</b> en panne&nbsp;!</p><div>Erreur&nbsp;502</div>" +
            "<blockquote><p>Avez-vous red&eacute;marr&eacute; ?</p></blockquote><script>alert(1)</script></body></html>");

        // Act
        var email = Parse(bytes);

        // Assert
        Assert.Contains("Le site est toujours en panne", email.NewText, StringComparison.Ordinal);
        Assert.Contains("Erreur", email.NewText, StringComparison.Ordinal);
        Assert.DoesNotContain("color", email.RawText, StringComparison.Ordinal);
        Assert.DoesNotContain("alert", email.RawText, StringComparison.Ordinal);
        Assert.Contains("> Avez-vous redémarré ?", email.QuotedText, StringComparison.Ordinal);
        Assert.DoesNotContain("redémarré", email.NewText, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MultipartAlternative_PrefersPlainText()
    {
        // Arrange
        var bytes = TestMail.Utf8("From: a@client.fr\r\nSubject: alt\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"x\"\r\n\r\n" +
            "--x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlain version\r\n--x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>HTML version</p>\r\n--x--\r\n");

        // Act
        var email = Parse(bytes);

        // Assert
        Assert.Equal("Plain version", email.NewText);
    }

    [Fact]
    public void Parse_QuotedReplyWithSignature_SeparatesNewText()
    {
        // Arrange
        var bytes = TestMail.Simple("r1@client", "Re: panne", "Toujours bloqué.\r\n\r\nCordialement,\r\nJean\r\n\r\nLe lun. 23 nov. 2026 à 10:30, Support <support@agence.fr> a écrit :\r\n> Pouvez-vous réessayer ?", extraHeaders: "In-Reply-To: <m1@agence.fr>\r\nReferences: <m0@client> <m1@agence.fr>\r\n");

        // Act
        var email = Parse(bytes);

        // Assert
        Assert.Equal("Toujours bloqué.", email.NewText);
        Assert.Equal("Cordialement,\nJean", email.Signature);
        Assert.Contains("> Pouvez-vous réessayer ?", email.QuotedText, StringComparison.Ordinal);
        Assert.Equal("m1@agence.fr", email.InReplyTo);
        Assert.Equal(["m1@agence.fr", "m0@client"], email.ReplyTargets);
    }

    [Fact]
    public void Parse_ForwardedInline_KeepsForwardedReportForTriage()
    {
        // Arrange
        var bytes = TestMail.Simple("f1@agence", "TR: Paiements bloqués", "Pour info.\r\n\r\n---------- Forwarded message ---------\r\nDe : Jean <jean@client.fr>\r\nDate : lun. 23 nov. 2026\r\nObjet : Paiements bloqués\r\n\r\nLes clients ne peuvent plus payer.");

        // Act
        var email = Parse(bytes);

        // Assert
        Assert.Equal("Pour info.", email.NewText);
        Assert.Equal("Les clients ne peuvent plus payer.", email.ForwardedText);
        Assert.Equal("Pour info.\n\nLes clients ne peuvent plus payer.", email.TextForTriage);
    }

    [Fact]
    public void Parse_ForwardedAsAttachedMessage_KeepsItsText()
    {
        // Arrange
        var bytes = TestMail.Utf8("From: a@agence.fr\r\nSubject: Fwd: panne\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n" +
            "--m\r\nContent-Type: text/plain\r\n\r\nVoir ci-joint.\r\n--m\r\nContent-Type: message/rfc822\r\n\r\nFrom: c@client.fr\r\nSubject: panne\r\n\r\nLe site est en panne.\r\n--m--\r\n");

        // Act
        var email = Parse(bytes);

        // Assert
        Assert.Equal("Voir ci-joint.", email.NewText);
        Assert.Equal("Le site est en panne.", email.ForwardedText);
    }

    [Fact]
    public void Parse_LogAttachment_KeptAsEvidence()
    {
        // Arrange
        var bytes = TestMail.WithAttachment("a1@client", "payment.log", "application/octet-stream", Encoding.UTF8.GetBytes("10:02 ERROR Stripe: API key expired\n"));

        // Act
        var email = Parse(bytes);

        // Assert
        var attachment = Assert.Single(email.Attachments);
        Assert.Equal("payment.log", attachment.Name);
        Assert.Equal("10:02 ERROR Stripe: API key expired\n", attachment.Content);
        Assert.False(attachment.Truncated);
    }

    [Fact]
    public void Parse_AttachmentOverCap_IsTruncatedAtCap()
    {
        // Arrange
        var log = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("ligne de journal éèà\n", 500)));
        var bytes = TestMail.WithAttachment("a2@client", "app.log", "text/plain", log);

        // Act
        var email = Parse(bytes);

        // Assert
        var attachment = Assert.Single(email.Attachments);
        Assert.True(attachment.Truncated);
        Assert.True(Encoding.UTF8.GetByteCount(attachment.Content) <= 1024);
        Assert.DoesNotContain('\uFFFD', attachment.Content);
    }

    [Fact]
    public void Parse_BinaryAttachment_IsNotKeptButNoted()
    {
        // Arrange
        var bytes = TestMail.WithAttachment("a3@client", "screenshot.png", "image/png", [0x89, 0x50, 0x4E, 0x47, 0, 1, 2]);

        // Act
        var email = Parse(bytes);

        // Assert
        Assert.Empty(email.Attachments);
        Assert.Contains(email.Notes, n => n.Contains("screenshot.png", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NoMessageId_GivesAStableSyntheticId()
    {
        // Arrange
        var bytes = TestMail.Utf8("From: a@client.fr\r\nSubject: no id\r\n\r\nbody");

        // Act
        var first = Parse(bytes);
        var second = Parse(bytes);

        // Assert
        Assert.StartsWith("sha256-", first.MessageId, StringComparison.Ordinal);
        Assert.Equal(first.MessageId, second.MessageId);
    }

    [Fact]
    public void Parse_NonSeekableStream_IsParsed()
    {
        // Arrange
        using var pipe = new NonSeekableStream(TestMail.Seed());

        // Act
        var email = _parser.Parse(pipe);

        // Assert
        Assert.Equal("URGENT - Paiements bloqués !!!", email.Subject);
    }

    [Fact]
    public void Parse_CarriageReturnsAndNulsInBody_BecomeLineFeedsAndNulsAreDropped()
    {
        // Arrange
        const string body = "  ligne 1\r\nligne 2\rligne\u0000 3\r\u0000\nligne 4\r\r\nfin\u0000\r\n  ";
        var bytes = TestMail.Utf8($"From: a@client.fr\r\nSubject: test\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}");

        // Act
        var email = Parse(bytes);

        // Assert
        Assert.Equal("ligne 1\nligne 2\nligne 3\n\nligne 4\n\nfin", email.RawText);
    }

    [Theory]
    [InlineData("DEFAULT_CHARSET")]
    [InlineData("x-no-such-charset")]
    public void Parse_UnknownCharsetSeenTwice_ReadAndNotedTheSameEachTime(string charset)
    {
        // Arrange
        var bytes = TestMail.Concat(
            TestMail.Utf8($"From: a@client.fr\r\nSubject: test\r\nContent-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"),
            CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("Facture impayée"));

        // Act
        var first = Parse(bytes);
        var second = Parse(bytes);

        // Assert
        Assert.Equal("Facture impayée", first.NewText);
        Assert.Equal(first.NewText, second.NewText);
        Assert.Contains($"body: unknown charset {charset}, read as windows-1252", first.Notes);
        Assert.Equal(first.Notes, second.Notes);
    }

    [Fact]
    public void Parse_KnownLegacyCharsetSeenTwice_DecodedTheSameEachTime()
    {
        // Arrange
        var bytes = TestMail.Concat(
            TestMail.Utf8("From: a@client.fr\r\nSubject: test\r\nContent-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"),
            CodePagesEncodingProvider.Instance.GetEncoding("koi8-r")!.GetBytes("Платежи заблокированы"));

        // Act
        var first = Parse(bytes);
        var second = Parse(bytes);

        // Assert
        Assert.Equal("Платежи заблокированы", first.NewText);
        Assert.Equal(first.NewText, second.NewText);
    }

    [Fact]
    public void Parse_AttachmentExactlyAtCap_IsKeptWhole()
    {
        // Arrange
        var log = Encoding.UTF8.GetBytes(new string('x', 1023) + "\n");
        var bytes = TestMail.WithAttachment("a4@client", "app.log", "text/plain", log);

        // Act
        var email = Parse(bytes);

        // Assert
        var attachment = Assert.Single(email.Attachments);
        Assert.False(attachment.Truncated);
        Assert.Equal(Encoding.UTF8.GetString(log), attachment.Content);
    }

    [Fact]
    public void Parse_FileStream_SameEmailAsFromMemory()
    {
        // Arrange
        var bytes = TestMail.WithAttachment("a5@client", "payment.log", "text/plain", Encoding.UTF8.GetBytes("10:02 ERROR Stripe: API key expired\n"));
        var path = Path.Combine(Path.GetTempPath(), $"agentops-parser-{Guid.NewGuid():N}.eml");
        File.WriteAllBytes(path, bytes);
        InboundEmail fromFile;
        try
        {
            // Act
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan))
            {
                fromFile = _parser.Parse(file);
            }
        }
        finally
        {
            File.Delete(path);
        }

        // Assert
        var fromMemory = Parse(bytes);
        Assert.Equal((fromMemory.MessageId, fromMemory.NewText, fromMemory.RawText), (fromFile.MessageId, fromFile.NewText, fromFile.RawText));
        Assert.Equal(fromMemory.Attachments, fromFile.Attachments);
    }

    [Fact]
    public void Parse_AfterACancelledParse_NextEmailIsParsedWhole()
    {
        // Arrange
        var expected = Parse(TestMail.Seed());
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using (var stream = new MemoryStream(TestMail.WithAttachment("a6@client", "app.log", "text/plain", Encoding.UTF8.GetBytes("log\n"))))
        {
            Assert.ThrowsAny<OperationCanceledException>(() => _parser.Parse(stream, cancelled.Token));
        }

        // Act
        var email = Parse(TestMail.Seed());

        // Assert
        Assert.Equal((expected.MessageId, expected.Subject, expected.NewText, expected.Signature), (email.MessageId, email.Subject, email.NewText, email.Signature));
    }

    [Fact]
    public void Parse_ManyEmailsInTurn_EachAsWhenParsedAlone()
    {
        // Arrange
        var seed = TestMail.Seed();
        var withLog = TestMail.WithAttachment("a7@client", "payment.log", "text/plain", Encoding.UTF8.GetBytes("10:02 ERROR\n"));
        var first = (Fields(Parse(seed)), Fields(Parse(withLog)));

        // Act
        var again = Enumerable.Range(0, 3).Select(_ => (Fields(Parse(seed)), Fields(Parse(withLog)))).ToList();

        // Assert
        Assert.All(again, pair => Assert.Equal(first, pair));
    }

    private static string Fields(InboundEmail email) => string.Join(
        "|", email.MessageId, email.FromAddress, email.Subject, email.NewText, email.QuotedText, email.Signature, email.RawText,
        string.Join(",", email.Notes), string.Join(",", email.Attachments.Select(a => $"{a.Name}:{a.Content}:{a.Truncated}")));

    [Fact]
    public void Parse_EmptyFile_IsRejected() => Assert.Equal("The file is empty.", Reject([]));

    [Fact]
    public void Parse_BinaryGarbage_IsRejected()
    {
        // Arrange
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);

        // Act
        var reason = Reject(garbage);

        // Assert
        Assert.StartsWith("Not an email", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PlainSentence_IsRejected() =>
        Assert.Equal("Not an email: the first line is not a header field.", Reject(TestMail.Utf8("This is not an email, just a sentence.\r\nAnother line.")));

    [Fact]
    public void Parse_MissingFrom_IsRejected() =>
        Assert.Contains("no usable sender", Reject(TestMail.Utf8("To: support@agence.fr\r\nSubject: who am I\r\n\r\nbody")), StringComparison.Ordinal);

    [Fact]
    public void Parse_ThousandsOfHeaders_IsRejectedAsHeaderBomb()
    {
        // Arrange
        var headers = string.Concat(Enumerable.Range(0, 5000).Select(i => $"X-Bomb-{i}: {i}\r\n"));

        // Act
        var reason = Reject(TestMail.Utf8($"From: a@client.fr\r\n{headers}Subject: bomb\r\n\r\nbody"));

        // Assert
        Assert.Contains("Header bomb", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HugeHeader_IsRejectedAsHeaderBomb()
    {
        // Act
        var reason = Reject(TestMail.Utf8($"From: a@client.fr\r\nSubject: {new string('A', 1_000_000)}\r\n\r\nbody"));

        // Assert
        Assert.Contains("header section is larger", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MessageOverMaxSize_IsRejected()
    {
        // Arrange
        var parser = new MimeEmailParser(Options.Create(new MailOptions { MaxMessageBytes = 2048 }));
        using var stream = new MemoryStream(TestMail.Simple("big@client", "big", new string('x', 4096)));

        // Act
        var reason = Assert.Throws<EmailRejectedException>(() => parser.Parse(stream)).Message;

        // Assert
        Assert.Contains("Mail:MaxMessageBytes", reason, StringComparison.Ordinal);
    }

    private sealed class NonSeekableStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
