using AgentOps.Core.Intake;

namespace AgentOps.Core.Tests.Intake;

public sealed class ReplySplitterTests
{
    [Theory]
    [InlineData("On Mon, 23 Nov 2026 at 10:02, Support <support@agence.fr> wrote:")]
    [InlineData("Le lun. 23 nov. 2026 à 10:02, Support <support@agence.fr> a écrit :")]
    [InlineData("Am Mo., 23. Nov. 2026 um 10:02 Uhr schrieb Support <support@agence.fr>:")]
    [InlineData("El lun, 23 nov 2026 a las 10:02, Support (<support@agence.fr>) escribió:")]
    public void Split_AttributionLine_SeparatesQuotedReply(string attribution)
    {
        // Arrange
        var body = $"Still broken after the restart.\n\n{attribution}\n> Please restart the service.\n> Thanks";

        // Act
        var parts = ReplySplitter.Split(body, "Re: payments");

        // Assert
        Assert.Equal("Still broken after the restart.", parts.NewText);
        Assert.StartsWith(attribution, parts.QuotedText, StringComparison.Ordinal);
        Assert.Contains("Please restart the service.", parts.QuotedText, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_WrappedAttribution_SeparatesQuotedReply()
    {
        // Arrange
        var body = "New text\n\nOn Mon, 23 Nov 2026 at 10:02, Support Team <support@agence.fr>\nwrote:\n> old";

        // Act
        var parts = ReplySplitter.Split(body, "Re: x");

        // Assert
        Assert.Equal("New text", parts.NewText);
        Assert.Contains("> old", parts.QuotedText, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_InlineQuotes_KeepsOnlyUnquotedLinesAsNewText()
    {
        // Arrange
        var body = "> Did you restart?\nYes, twice.\n> Any error?\nError 500 on /pay";

        // Act
        var parts = ReplySplitter.Split(body, "Re: x");

        // Assert
        Assert.Equal("Yes, twice.\nError 500 on /pay", parts.NewText);
        Assert.Equal("> Did you restart?\n> Any error?", parts.QuotedText);
    }

    [Theory]
    [InlineData("---------- Forwarded message ---------")]
    [InlineData("Début du message réexpédié :")]
    [InlineData("Begin forwarded message:")]
    [InlineData("---------- Weitergeleitete Nachricht ----------")]
    public void Split_ForwardMarker_SeparatesForwardedMessageWithoutItsHeaders(string marker)
    {
        // Arrange
        var body = $"FYI, see below.\n\n{marker}\nFrom: Jean <jean@client-existant.fr>\nDate: Mon, 23 Nov 2026\nSubject: Paiements bloqués\nTo: <support@agence.fr>\n\nLes clients ne peuvent plus payer.";

        // Act
        var parts = ReplySplitter.Split(body, "Fwd: Paiements bloqués");

        // Assert
        Assert.Equal("FYI, see below.", parts.NewText);
        Assert.Equal("Les clients ne peuvent plus payer.", parts.ForwardedText);
        Assert.Empty(parts.QuotedText);
    }

    [Fact]
    public void Split_OriginalMessageInReply_IsQuotedNotForwarded()
    {
        // Arrange
        var body = "Merci, c'est réparé.\n\n-----Original Message-----\nFrom: Support\nSubject: RE: panne\n\nNous regardons.";

        // Act
        var parts = ReplySplitter.Split(body, "RE: panne");

        // Assert
        Assert.Equal("Merci, c'est réparé.", parts.NewText);
        Assert.Contains("Nous regardons.", parts.QuotedText, StringComparison.Ordinal);
        Assert.Empty(parts.ForwardedText);
    }

    [Fact]
    public void Split_OriginalMessageWithForwardSubject_IsForwarded()
    {
        // Arrange
        var body = "-----Original Message-----\nFrom: Client\nSubject: site down\n\nThe site is down.";

        // Act
        var parts = ReplySplitter.Split(body, "FW: site down");

        // Assert
        Assert.Equal("The site is down.", parts.ForwardedText);
    }

    [Theory]
    [InlineData("Le site est en panne.\n\n-- \nJean Martin\nDSI", "Jean Martin\nDSI")]
    [InlineData("Le site est en panne.\n\nCordialement,\nJean Martin\nDSI", "Cordialement,\nJean Martin\nDSI")]
    [InlineData("The site is down.\n\nBest regards,\nJohn", "Best regards,\nJohn")]
    [InlineData("Die Seite ist down.\n\nMit freundlichen Grüßen\nHans", "Mit freundlichen Grüßen\nHans")]
    [InlineData("El sitio no funciona.\n\nSaludos,\nAna", "Saludos,\nAna")]
    [InlineData("The site is down.\n\nSent from my iPhone", "Sent from my iPhone")]
    public void Split_Signature_IsSeparatedFromNewText(string body, string signature)
    {
        // Act
        var parts = ReplySplitter.Split(body, "panne");

        // Assert
        Assert.Equal(signature.Split('\n')[^1], parts.Signature.Split('\n')[^1]);
        Assert.DoesNotContain(signature.Split('\n')[^1], parts.NewText, StringComparison.Ordinal);
        Assert.EndsWith(".", parts.NewText, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_MailingListFooter_IsSeparatedAsSignature()
    {
        // Arrange
        const string body = "The build fails on ARM.\n\n_______________________________________________\nexmh-workers mailing list\nexmh-workers@redhat.com";

        // Act
        var parts = ReplySplitter.Split(body, "build fails");

        // Assert
        Assert.Equal("The build fails on ARM.", parts.NewText);
        Assert.EndsWith("exmh-workers@redhat.com", parts.Signature, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_PlainMessage_IsAllNewText()
    {
        // Arrange
        const string body = "Les clients ne peuvent plus payer depuis 10h ce matin !\nMessage d'erreur: \"Erreur 500 lors du paiement\"";

        // Act
        var parts = ReplySplitter.Split(body, "URGENT - Paiements bloqués !!!");

        // Assert
        Assert.Equal(body, parts.NewText);
        Assert.Empty(parts.QuotedText);
        Assert.Empty(parts.Signature);
        Assert.Empty(parts.ForwardedText);
    }

    [Fact]
    public void Split_BodyWithoutQuoteOrSignature_NewTextIsTheBodyItself()
    {
        // Arrange
        var body = string.Join('\n', Enumerable.Range(1, 40).Select(i => $"ligne {i} du rapport d'incident, paiements bloqués"));

        // Act
        var parts = ReplySplitter.Split(body, "Rapport");

        // Assert
        Assert.Same(body, parts.NewText);
    }

    [Fact]
    public void Split_LongQuotedTailAfterInlineQuotes_KeepsEveryLineInOrder()
    {
        // Arrange
        var tail = string.Join('\n', Enumerable.Range(1, 300).Select(i => $"> ancienne ligne {i}"));
        var body = $"> question\nréponse 1\n> autre question\nréponse 2\n\nLe lun. 23 nov. 2026, Jean a écrit :\n{tail}";

        // Act
        var parts = ReplySplitter.Split(body, "Re: incident");

        // Assert
        Assert.Equal("réponse 1\nréponse 2", parts.NewText);
        Assert.Equal($"> question\n> autre question\nLe lun. 23 nov. 2026, Jean a écrit :\n{tail}", parts.QuotedText);
    }
}
