using AgentOps.Core.Communication;
using AgentOps.Core.Model;

namespace AgentOps.Core.Tests.Communication;

public sealed class CommunicationFactsBuilderTests
{
    private static readonly DateTimeOffset Reported = new(2026, 2, 3, 13, 30, 0, TimeSpan.Zero);

    [Fact]
    public void CustomerLanguage_FrenchDomainWithoutLanguage_French()
    {
        // Arrange
        var builder = new CommunicationFactsBuilder(new CommunicationOptions());

        // Act
        var language = builder.CustomerLanguage(Incident(new Customer("Jean Martin", "support@client-existant.fr", "client-existant.fr")));

        // Assert
        Assert.Equal("fr", language);
    }

    [Fact]
    public void CustomerLanguage_KnownLanguageWinsOverDomain_UsesIt()
    {
        // Arrange
        var builder = new CommunicationFactsBuilder(new CommunicationOptions());

        // Act
        var language = builder.CustomerLanguage(Incident(new Customer("Ann", "ann@shop.fr", "shop.fr", Language: "en")));

        // Assert
        Assert.Equal("en", language);
    }

    [Theory]
    [InlineData("de-DE", "de")]
    [InlineData("ES", "es")]
    [InlineData("it", "en")]
    public void CustomerLanguage_DetectedOrContractLanguage_SupportedOnesKeptOthersDefault(string customerLanguage, string expected)
    {
        // Arrange
        var builder = new CommunicationFactsBuilder(new CommunicationOptions());

        // Act
        var language = builder.CustomerLanguage(Incident(new Customer("Ann", "ann@shop.example", "shop.example", Language: customerLanguage)));

        // Assert
        Assert.Equal(expected, language);
    }

    [Fact]
    public void Build_InternalAlertInGerman_FallsBackToEnglishTheOnlyOtherAlertLanguage()
    {
        // Arrange
        var builder = new CommunicationFactsBuilder(new CommunicationOptions());

        // Act
        var facts = builder.Build(Incident(null), CommunicationKind.InternalAlert, "de", Reported);

        // Assert
        Assert.Equal("InternalAlertEn", facts.FunctionName);
    }

    [Fact]
    public void CustomerLanguage_Unknown_DefaultLanguage()
    {
        // Arrange
        var builder = new CommunicationFactsBuilder(new CommunicationOptions { DefaultLanguage = "fr" });

        // Act
        var language = builder.CustomerLanguage(Incident(new Customer("Ann", "ann@shop.example", "shop.example")));

        // Assert
        Assert.Equal("fr", language);
    }

    [Fact]
    public void Build_ResolutionAfterTheDeadline_SaysTheSlaWasMissed()
    {
        // Arrange
        var incident = Incident(new Customer("Ann Lee", "ann@shop.example", "shop.example", Language: "en"));
        incident.ResolvedAt = Reported.AddHours(5).AddMinutes(10);
        incident.RootCause = new RootCauseAnalysis("Connection pool exhausted by slow queries", "db.pool-exhausted", 0.9);
        var builder = new CommunicationFactsBuilder(new CommunicationOptions());

        // Act
        var facts = builder.Build(incident, CommunicationKind.Resolution, "en", Reported.AddHours(6));

        // Assert
        Assert.Equal("5h10 (SLA 4h missed ❌)", facts.Variables["time_to_resolve_line"]);
        Assert.Contains(facts.Required, f => f.Name == "time to resolve" && f.Value == "5h10");
        Assert.Contains(facts.Required, f => f.Name == "cause" && f.Paraphrase && f.Value == "Connection pool exhausted by slow queries");
        Assert.Equal("Alert on connection pool saturation and pool sizing reviewed", facts.Variables["prevention"]);
    }

    [Fact]
    public void Build_DeadlineInConfiguredZone_WrittenAsTheReaderSeesIt()
    {
        // Arrange
        var incident = Incident(null);
        var builder = new CommunicationFactsBuilder(new CommunicationOptions { TimeZone = "Europe/Paris" });

        // Act
        var fr = builder.Build(incident, CommunicationKind.InternalAlert, "fr", Reported);
        var en = builder.Build(incident, CommunicationKind.InternalAlert, "en", Reported);

        // Assert
        Assert.Equal("18h30", fr.Variables["sla_deadline"]);
        Assert.Equal("18:30", en.Variables["sla_deadline"]);
        Assert.Equal("non renseigné", fr.Variables["customer_domain"]);
    }

    [Fact]
    public void Build_DeadlineOnAnotherDay_IncludesTheDate()
    {
        // Arrange
        var incident = Incident(null);
        var builder = new CommunicationFactsBuilder(new CommunicationOptions());

        // Act
        var facts = builder.Build(incident, CommunicationKind.Acknowledgement, "en", Reported.AddDays(-1));

        // Assert
        Assert.Equal("2026-02-03 17:30 UTC", facts.Variables["sla_deadline"]);
    }

    [Theory]
    [InlineData("RE: TR: Paiements bloqués", CommunicationKind.StatusUpdate, "fr", "RE: Paiements bloqués [INC-2026-0007]")]
    [InlineData("Site down [INC-2026-0007]", CommunicationKind.Acknowledgement, "en", "RE: Site down [INC-2026-0007]")]
    [InlineData("Site down", CommunicationKind.Resolution, "en", "RE: Site down [INC-2026-0007] ✅ RESOLVED")]
    public void CustomerSubject_FromTheCustomerSubject_ThreadedWithTheIncidentTag(string original, CommunicationKind kind, string language, string expected)
    {
        // Arrange
        var incident = Incident(null);
        incident.Record(Reported, "ann@shop.example", "email", "signal", "Email received", new Dictionary<string, string> { ["subject"] = original });

        // Act
        var subject = CommunicationFactsBuilder.CustomerSubject(incident, kind, language);

        // Assert
        Assert.Equal(expected, subject);
    }

    [Fact]
    public void CustomerSubject_NoSignalRecorded_UsesTheTitle()
    {
        // Act
        var subject = CommunicationFactsBuilder.CustomerSubject(Incident(null), CommunicationKind.Acknowledgement, "en");

        // Assert
        Assert.Equal("RE: Checkout down [INC-2026-0007]", subject);
    }

    private static Incident Incident(Customer? customer) => new()
    {
        Id = "INC-2026-0007",
        Title = "Checkout down",
        Priority = Priority.P1,
        Customer = customer,
        CreatedAt = Reported,
        Sla = new SlaDeadlines(Reported.AddMinutes(15), Reported.AddHours(4)) { ResolutionTarget = TimeSpan.FromHours(4) },
    };
}
