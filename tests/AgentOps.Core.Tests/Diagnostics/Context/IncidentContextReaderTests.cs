using AgentOps.Core.Diagnostics.Context;
using AgentOps.Core.Model;

namespace AgentOps.Core.Tests.Diagnostics.Context;

public sealed class IncidentContextReaderTests
{
    private static readonly DateTimeOffset Opened = new(2026, 3, 2, 10, 40, 0, TimeSpan.Zero);

    [Fact]
    public void Read_EmailWithAttachment_KeepsTextsEntitiesImpactsAndAttachment()
    {
        // Arrange
        var incident = Email("URGENT - Paiements bloqués sur payments-api", "Erreur 500 lors du paiement", date: null);
        incident.Triage = new TriageResult(Priority.P1, "bug", 0.9) { Impact = ["payments"] };
        incident.Record(Opened, "support@client-existant.fr", "email", "evidence", "Attachment app.log", new Dictionary<string, string>
        {
            ["name"] = "app.log",
            ["content_type"] = "text/plain",
            ["truncated"] = "true",
            ["content"] = "2026-03-02T09:00:00Z ERROR boom",
        });

        // Act
        var context = IncidentContextReader.Read(incident);

        // Assert
        Assert.Equal(["the incident title", "the email subject", "the email body"], context.Texts.Select(t => t.Where));
        Assert.Contains(context.Entities, e => e is { Kind: "service", Name: "payments-api", Where: "the incident title" });
        Assert.Contains(context.Entities, e => e is { Kind: "impact", Name: "payments", Where: "the triage" });
        var attachment = Assert.Single(context.Attachments);
        Assert.Equal(("app.log", true), (attachment.Name, attachment.Truncated));
    }

    [Fact]
    public void Read_ReporterGivesAnHour_StartIsThatHourOnTheEmailDay()
    {
        // Arrange
        var incident = Email("Paiements bloqués", "Les clients ne peuvent plus payer depuis 10h ce matin !", new DateTimeOffset(2026, 3, 2, 11, 32, 0, TimeSpan.FromHours(1)));

        // Act
        var context = IncidentContextReader.Read(incident);

        // Assert
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), context.Start.ToUniversalTime());
        Assert.Contains("\"depuis 10h\" in the email body", context.StartReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HourLaterThanTheEmail_IsTheDayBefore()
    {
        // Arrange
        var sent = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
        var incident = Email("Checkout broken", "Failing since 10:30 pm", sent);

        // Act
        var context = IncidentContextReader.Read(incident);

        // Assert
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 22, 30, 0, TimeSpan.Zero), context.Start);
    }

    [Fact]
    public void Read_DurationNotAnHour_StartIsTheEmailDate()
    {
        // Arrange
        var sent = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
        var incident = Email("Checkout broken", "Failing since 10 hours, seit 2 Tagen", sent);

        // Act
        var context = IncidentContextReader.Read(incident);

        // Assert
        Assert.Equal(sent, context.Start);
        Assert.StartsWith("the email was sent", context.StartReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoEmail_StartIsTheIncidentCreation()
    {
        // Arrange
        var incident = new Incident { Id = "INC-1", Title = "Checkout fails", CreatedAt = Opened };

        // Act
        var context = IncidentContextReader.Read(incident);

        // Assert
        Assert.Equal(Opened, context.Start);
        Assert.Empty(context.Attachments);
        Assert.Single(context.Texts);
    }

    private static Incident Email(string subject, string body, DateTimeOffset? date)
    {
        var incident = new Incident { Id = "INC-2026-0001", Title = subject, CreatedAt = Opened };
        var data = new Dictionary<string, string> { ["subject"] = subject, ["body"] = body };
        if (date is { } d)
        {
            data["date"] = d.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        incident.Record(Opened, "support@client-existant.fr", "email", "signal", $"Email from support@client-existant.fr: {subject}", data);
        return incident;
    }
}
