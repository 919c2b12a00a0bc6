using AgentOps.Core.Triage;

namespace AgentOps.Core.Tests.Triage;

public sealed class TermMatcherTests
{
    private static readonly TermMatcher Matcher = new([
        new LexiconTerm("urgent", "en", 3),
        new LexiconTerm("perte de données", "fr"),
        new LexiconTerm("paiement*", "fr"),
        new LexiconTerm("so schnell wie möglich", "de"),
    ]);

    [Fact]
    public void Match_AccentsCaseAndHyphens_FoundAndShownAsWritten()
    {
        // Act
        var matches = Matcher.Match("PERTE DE DONNEES après les Paiements, SO SCHNELL WIE MOEGLICH? non: so schnell-wie möglich");

        // Assert
        Assert.Equal(["PERTE DE DONNEES", "Paiements", "so schnell-wie möglich"], matches.Select(m => m.Text));
    }

    [Theory]
    [InlineData("This is not urgent.", true)]
    [InlineData("Not very urgent", true)]
    [InlineData("Nothing works. Urgent!", false)]
    [InlineData("No idea why, but it is urgent", false)]
    [InlineData("insurgent", null)]
    public void Match_Negation_OnlyWithinTwoWordsOfTheSameClause(string text, bool? negated)
    {
        // Act
        var match = Matcher.Match(text).SingleOrDefault();

        // Assert
        Assert.Equal(negated, match?.Negated);
    }

    [Theory]
    [InlineData("Customers can't pay: the checkout fails", "can't|pay|checkout|fails")]
    [InlineData("Customers can’t pay", "can’t|pay")]
    [InlineData("Paiements bloqués, débloquer ? xbloque", "bloqués")]
    [InlineData("Erreur 500 ; 5000 erreurs ; e500", "500")]
    [InlineData("prepayment payments2 payment", "payment")]
    [InlineData("the site is down, site is down again", "site is down")]
    public void Match_OnlyWholeWordsFromAPhraseStart_FirstOccurrenceOfEachTerm(string text, string expected)
    {
        // Arrange
        var matcher = new TermMatcher([
            new LexiconTerm("can't", "en"), new LexiconTerm("pay", "en"), new LexiconTerm("checkout", "en"), new LexiconTerm("fails", "en"),
            new LexiconTerm("bloqu*", "fr"), new LexiconTerm("500", "*"), new LexiconTerm("payment", "en"),
            new LexiconTerm("site is down", "en"), new LexiconTerm("is down", "en"),
        ]);

        // Act
        var matches = matcher.Match(text);

        // Assert
        Assert.Equal(expected, string.Join("|", matches.Select(m => m.Text)));
    }

    [Fact]
    public void Fold_GermanAndLigatures_AreSpelledOut()
    {
        // Act
        var folded = TextFolding.FoldWithMap("Straße Œuvre É", out var map);

        // Assert
        Assert.Equal("strasse oeuvre e", folded);
        Assert.Equal(folded.Length, map.Length);
        Assert.Equal(4, map[4]);
        Assert.Equal(4, map[5]);
    }
}
