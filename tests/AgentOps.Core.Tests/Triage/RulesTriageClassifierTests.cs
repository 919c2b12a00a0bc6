using AgentOps.Core.Model;
using AgentOps.Core.Skills;
using AgentOps.Core.Triage;

namespace AgentOps.Core.Tests.Triage;

public sealed class RulesTriageClassifierTests
{
    private static readonly Customer Enterprise = new("Jean Martin", Seed004.Sender, "client-existant.fr", "enterprise", "fr");

    [Fact]
    public async Task ClassifyAsync_Seed004PaymentsBlocked_IsP1ProductionBugWithReasons()
    {
        // Arrange
        var classifier = new RulesTriageClassifier();
        var input = new TriageInput(Seed004.Subject, Seed004.Body) { Customer = Enterprise };

        // Act
        var result = await classifier.ClassifyAsync(input);

        // Assert
        Assert.Equal(Priority.P1, result.Priority);
        Assert.Equal("bug", result.Intent);
        Assert.Equal("rules", result.Classifier);
        Assert.Contains("payments", result.Impact);
        Assert.Contains("revenue", result.Impact);
        Assert.Contains(result.Reasons, r => r.Contains("'URGENT'", StringComparison.Ordinal));
        Assert.Contains(result.Reasons, r => r.Contains("'CRITIQUE'", StringComparison.Ordinal));
        Assert.Contains(result.Reasons, r => r.Contains("'bloqués'", StringComparison.Ordinal));
        Assert.Contains(result.Reasons, r => r.Contains("'!!!'", StringComparison.Ordinal));
        Assert.Contains(result.Reasons, r => r.StartsWith("impact payments: 'Paiements'", StringComparison.Ordinal));
        Assert.Contains(result.Reasons, r => r.Contains("perdons des ventes", StringComparison.Ordinal));
        Assert.Contains(result.Reasons, r => r.StartsWith("production bug", StringComparison.Ordinal));
        Assert.Contains(result.Reasons, r => r.StartsWith("customer tier enterprise", StringComparison.Ordinal));
        Assert.InRange(result.Confidence, 0.8, 1.0);
    }

    [Theory]
    [InlineData("URGENT: checkout broken", "All customers cannot pay since this morning, we are losing sales.")]
    [InlineData("Dringend: Zahlungen blockiert", "Alle Kunden können nicht bezahlen, Fehler 500. Wir verlieren Geld, Umsatzverlust!")]
    [InlineData("Urgente: pagos bloqueados", "Los clientes no pueden pagar desde esta mañana, error 500, perdemos ventas.")]
    [InlineData("Critique : paiement en panne", "Tous les clients sont bloqués, erreur 500 au paiement, nous perdons des ventes.")]
    public async Task ClassifyAsync_PaymentsDownInFourLanguages_IsP1(string subject, string body)
    {
        // Arrange
        var classifier = new RulesTriageClassifier();

        // Act
        var result = await classifier.ClassifyAsync(new TriageInput(subject, body));

        // Assert
        Assert.Equal(Priority.P1, result.Priority);
        Assert.Contains("payments", result.Impact);
    }

    [Theory]
    [InlineData("Invoice", "Hello, this is not urgent: how do I download last month's invoice?", "billing")]
    [InlineData("Facture", "Bonjour, ce n'est pas urgent, comment faire pour télécharger la facture ?", "billing")]
    [InlineData("Frage", "Nicht dringend: wie kann ich die Sprache ändern?", "question")]
    [InlineData("Pregunta", "No es urgente. ¿Cómo puedo cambiar el idioma? Es una pregunta.", "question")]
    public async Task ClassifyAsync_NegatedUrgency_IsNotUrgentAndSaysWhy(string subject, string body, string intent)
    {
        // Arrange
        var classifier = new RulesTriageClassifier();

        // Act
        var result = await classifier.ClassifyAsync(new TriageInput(subject, body));

        // Assert
        Assert.True(result.Priority >= Priority.P3, $"got {result.Priority}: {string.Join(" | ", result.Reasons)}");
        Assert.Equal(intent, result.Intent);
        Assert.Contains(result.Reasons, r => r.StartsWith("negated urgency", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Reasons, r => r.StartsWith("urgency word", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClassifyAsync_UrgentWithoutNegation_CountsTheWord()
    {
        // Arrange
        var classifier = new RulesTriageClassifier();

        // Act
        var result = await classifier.ClassifyAsync(new TriageInput("Question", "This is urgent, how do I reset my password?"));

        // Assert
        Assert.Contains(result.Reasons, r => r.StartsWith("urgency word 'urgent'", StringComparison.Ordinal));
        Assert.Equal(Priority.P3, result.Priority);
    }

    [Theory]
    [InlineData("Site down", "The site is down for all users, nothing loads.", "outage")]
    [InlineData("Très lent", "Le tableau de bord est très lent, temps de réponse de 30 secondes.", "performance")]
    [InlineData("Sicherheitslücke", "Wir haben eine Sicherheitslücke gefunden, ein Konto wurde gehackt.", "security")]
    [InlineData("Factura duplicada", "Nos han cobrado dos veces, necesitamos un reembolso de la factura.", "billing")]
    [InlineData("Feature request", "It would be great to have a dark mode, please add it.", "feature-request")]
    [InlineData("Change request", "Please change the SMTP relay of our tenant to smtp2.example.com.", "change-request")]
    [InlineData("Crash", "The app crashes with an exception when I open settings.", "bug")]
    [InlineData("Info", "Could you explain what the retention period is?", "question")]
    public async Task ClassifyAsync_IntentWords_PickTheIntent(string subject, string body, string intent)
    {
        // Arrange
        var classifier = new RulesTriageClassifier();

        // Act
        var result = await classifier.ClassifyAsync(new TriageInput(subject, body));

        // Assert
        Assert.Equal(intent, result.Intent);
        Assert.Contains(result.Reasons, r => r.StartsWith($"intent {intent}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClassifyAsync_AccentsAndCase_AreIgnoredButWordBoundariesKept()
    {
        // Arrange
        var classifier = new RulesTriageClassifier();

        // Act
        var accentless = await classifier.ClassifyAsync(new TriageInput("PAIEMENTS BLOQUES", "urgence"));
        var insideWord = await classifier.ClassifyAsync(new TriageInput("Insurgents", "A history book about insurgents and repayments schedules."));

        // Assert
        Assert.Contains(accentless.Reasons, r => r.StartsWith("urgency word 'BLOQUES'", StringComparison.Ordinal));
        Assert.Contains("payments", accentless.Impact);
        Assert.DoesNotContain(insideWord.Reasons, r => r.StartsWith("urgency word", StringComparison.Ordinal));
        Assert.DoesNotContain("payments", insideWord.Impact);
    }

    [Fact]
    public async Task ClassifyAsync_TierAndHistory_RaisePriorityWithReasons()
    {
        // Arrange
        var classifier = new RulesTriageClassifier();
        var text = new TriageInput("Urgent", "Payments fail with an error.");
        var known = text with { Customer = Enterprise, PreviousIncidents = 4 };

        // Act
        var plain = await classifier.ClassifyAsync(text);
        var withContext = await classifier.ClassifyAsync(known);

        // Assert
        Assert.Equal(Priority.P2, plain.Priority);
        Assert.Equal(Priority.P1, withContext.Priority);
        Assert.Contains(withContext.Reasons, r => r.StartsWith("sender history: 4 previous incidents", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClassifyAsync_NoSignal_IsP3WithLowConfidence()
    {
        // Arrange
        var classifier = new RulesTriageClassifier();

        // Act
        var result = await classifier.ClassifyAsync(new TriageInput("Hello", "Please find attached the report."));

        // Assert
        Assert.Equal(Priority.P3, result.Priority);
        Assert.Equal(0.5, result.Confidence);
    }

    [Fact]
    public async Task ClassifyAsync_WithRouter_FillsSkills()
    {
        // Arrange
        var router = new SkillRouter([
            new SkillManifest("client-intake", "intake") { Intents = ["*"], Order = 1 },
            new SkillManifest("billing-desk", "billing") { Intents = ["billing"] },
        ]);
        var classifier = new RulesTriageClassifier(router);

        // Act
        var result = await classifier.ClassifyAsync(new TriageInput("Invoice", "Our invoice is wrong, please refund."));

        // Assert
        Assert.Equal(["client-intake", "billing-desk"], result.Skills);
    }

    [Fact]
    public void Analyze_SingleUrgentWordFromEnterprise_RestsOnSingleSignal()
    {
        // Arrange
        var classifier = new RulesTriageClassifier();
        var seed = new TriageInput(Seed004.Subject, Seed004.Body) { Customer = Enterprise };
        var single = new TriageInput("The site is down", "Hello") { Customer = Enterprise };

        // Act
        var seedAnalysis = classifier.Analyze(seed);
        var singleAnalysis = classifier.Analyze(single);

        // Assert
        Assert.False(seedAnalysis.RestsOnSingleSignal);
        Assert.Equal(Priority.P1, singleAnalysis.Priority);
        Assert.True(singleAnalysis.RestsOnSingleSignal);
    }
}
