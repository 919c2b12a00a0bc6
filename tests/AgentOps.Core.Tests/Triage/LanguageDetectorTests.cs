using AgentOps.Core.Triage;

namespace AgentOps.Core.Tests.Triage;

public sealed class LanguageDetectorTests
{
    [Theory]
    [InlineData("URGENT - Paiements bloqués !!!\nLes clients ne peuvent plus payer depuis 10h ce matin !\nMessage d'erreur: \"Erreur 500 lors du paiement\"", "fr")]
    [InlineData("Checkout is down\nOur customers cannot pay since this morning, every payment fails with an error 500.", "en")]
    [InlineData("Zahlungen blockiert\nUnsere Kunden können seit heute Morgen nicht mehr bezahlen, das ist dringend.", "de")]
    [InlineData("Pagos bloqueados\nLos clientes no pueden pagar desde esta mañana, es urgente, gracias.", "es")]
    public void Detect_CustomerMessage_NamesItsLanguage(string text, string expected)
    {
        // Act
        var language = LanguageDetector.Detect(text);

        // Assert
        Assert.Equal(expected, language);
    }

    [Theory]
    [InlineData("")]
    [InlineData("HTTP 500 !!!")]
    [InlineData("OK merci")]
    public void Detect_TooLittleText_ReturnsNull(string text)
    {
        // Act
        var language = LanguageDetector.Detect(text);

        // Assert
        Assert.Null(language);
    }

    [Fact]
    public void Detect_OneSentenceWithLowerThreshold_NamesEnglish()
    {
        // Act
        var language = LanguageDetector.Detect("Stripe rejects the application's API key as expired.", 1);

        // Assert
        Assert.Equal("en", language);
    }
}
