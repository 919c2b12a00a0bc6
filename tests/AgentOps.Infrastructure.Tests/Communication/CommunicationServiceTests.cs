using System.Text.Json;
using AgentOps.Core.Communication;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.Tests.Fakes;

namespace AgentOps.Infrastructure.Tests.Communication;

public sealed class CommunicationServiceTests
{
    [Fact]
    public async Task AcknowledgeIfDue_IncidentOpenedLongerAgoThanAcknowledgeWithin_DraftsNothingAndSaysWhy()
    {
        // Arrange: a P1 stored two days ago (e.g. before serve first ran), never acknowledged.
        var ctx = new CommsTestContext();
        await ctx.AddAsync(Seed004Incident.Create(resolved: false));
        ctx.Time.Advance(TimeSpan.FromDays(2));

        // Act
        var result = await ctx.Service.AcknowledgeIfDueAsync("INC-2025-0001");

        // Assert
        Assert.False(result.Succeeded);
        Assert.Contains("Communication:AcknowledgeWithin (1d 0h)", result.Message, StringComparison.Ordinal);
        Assert.Empty((await ctx.Store.FindAsync("INC-2025-0001"))!.Communications);
        Assert.Empty(await ctx.Store.ListOutboxAsync());
    }

    [Fact]
    public async Task AcknowledgeIfDue_P1OfFrenchCustomer_QueuesFrenchAcknowledgementThreadedOnCustomerMessage()
    {
        // Arrange
        var ctx = new CommsTestContext();
        await ctx.AddAsync(Seed004Incident.Create(resolved: false));

        // Act
        var result = await ctx.Service.AcknowledgeIfDueAsync("INC-2025-0001");

        // Assert
        Assert.True(result.Succeeded, result.Message);
        var incident = (await ctx.Store.FindAsync("INC-2025-0001"))!;
        var ack = Assert.Single(incident.Communications);
        Assert.Equal(CommunicationKind.Acknowledgement, ack.Kind);
        Assert.Equal(CommunicationStatus.Queued, ack.Status);
        Assert.Equal("fr", ack.Language);
        Assert.Equal("RE: URGENT - Paiements bloqués !!! [INC-2025-0001]", ack.Subject);
        Assert.StartsWith("Bonjour Jean,", ack.Body, StringComparison.Ordinal);
        Assert.Contains("Référence : INC-2025-0001", ack.Body, StringComparison.Ordinal);
        Assert.Contains("4h (échéance : 14h00)", ack.Body, StringComparison.Ordinal);
        Assert.Contains("Équipe DevOps + Backend", ack.Body, StringComparison.Ordinal);
        var outbox = Assert.Single(await ctx.Store.ListOutboxAsync("INC-2025-0001"));
        Assert.Equal("email", outbox.Kind);
        var payload = EmailPayload.FromJson(outbox.Payload);
        Assert.Equal(Seed004Incident.CustomerMessageId, payload.InReplyTo);
        Assert.Equal([Seed004Incident.CustomerMessageId], payload.References);
        Assert.Equal($"OUT-{ack.Id}@agence.fr", payload.MessageId);
        Assert.Equal("INC-2025-0001", await ctx.Store.FindIncidentByMessageIdAsync(payload.MessageId));
        Assert.Contains(incident.Timeline, e => e.Kind == "communication" && e.Message.Contains("queued", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AcknowledgeIfDue_CalledTwice_SendsOneAcknowledgement()
    {
        // Arrange
        var ctx = new CommsTestContext();
        await ctx.AddAsync(Seed004Incident.Create(resolved: false));

        // Act
        await ctx.Service.AcknowledgeIfDueAsync("INC-2025-0001");
        var second = await ctx.Service.AcknowledgeIfDueAsync("INC-2025-0001");

        // Assert
        Assert.Contains("already", second.Message, StringComparison.Ordinal);
        Assert.Single(await ctx.Store.ListOutboxAsync());
    }

    [Fact]
    public async Task AcknowledgeIfDue_AfterTheAcknowledgementDeadline_SentAndLatenessRecorded()
    {
        // Arrange
        var ctx = new CommsTestContext();
        await ctx.AddAsync(Seed004Incident.Create(resolved: false));

        // Act
        await ctx.Service.AcknowledgeIfDueAsync("INC-2025-0001");

        // Assert
        var incident = (await ctx.Store.FindAsync("INC-2025-0001"))!;
        Assert.Equal(CommunicationStatus.Queued, incident.Communications[0].Status);
        Assert.Contains(incident.Timeline, e => e.Message == "Acknowledgement drafted 1h35 after the acknowledgement deadline.");
    }

    [Fact]
    public async Task AcknowledgeIfDue_PriorityNotConfigured_DoesNothing()
    {
        // Arrange
        var ctx = new CommsTestContext();
        var incident = Seed004Incident.Create(resolved: false);
        incident.Priority = Priority.P3;
        await ctx.AddAsync(incident);

        // Act
        var result = await ctx.Service.AcknowledgeIfDueAsync(incident.Id);

        // Assert
        Assert.False(result.Succeeded);
        Assert.Empty((await ctx.Store.FindAsync(incident.Id))!.Communications);
        Assert.Empty(await ctx.Store.ListOutboxAsync());
    }

    [Fact]
    public async Task DraftCustomerEmail_ResolutionNeedsApproval_WaitsAsDraftThenApprovalQueuesIt()
    {
        // Arrange
        var ctx = new CommsTestContext();
        await ctx.AddAsync(Seed004Incident.Create());

        // Act
        var drafted = await ctx.Service.DraftCustomerEmailAsync("INC-2025-0001", CommunicationKind.Resolution, "agentops", "system");
        var outboxBefore = await ctx.Store.ListOutboxAsync();
        var approved = await ctx.Service.ApproveAndQueueAsync("INC-2025-0001", drafted.Communications[0].Id, "bob", "cli");

        // Assert
        Assert.Equal(CommunicationStatus.Draft, drafted.Communications[0].Status);
        Assert.Empty(outboxBefore);
        Assert.True(approved.Succeeded, approved.Message);
        var incident = (await ctx.Store.FindAsync("INC-2025-0001"))!;
        var resolution = Assert.Single(incident.Communications);
        Assert.Equal(CommunicationStatus.Queued, resolution.Status);
        Assert.Equal("RE: URGENT - Paiements bloqués !!! [INC-2025-0001] ✅ RÉSOLU", resolution.Subject);
        Assert.Contains("## Cause\nExpiration automatique de la clé API Stripe (rotation sécurité)", resolution.Body, StringComparison.Ordinal);
        Assert.Contains("1. Nouvelle clé API déployée\n2. Services redémarrés\n3. Paiement test validé", resolution.Body, StringComparison.Ordinal);
        Assert.Contains("## Temps de résolution\n1h45 (SLA 4h respecté ✅)", resolution.Body, StringComparison.Ordinal);
        Assert.Contains("## Prévention\nAlerte automatique ajoutée 7 jours avant expiration", resolution.Body, StringComparison.Ordinal);
        Assert.Contains(incident.Timeline, e => e.Actor == "bob" && e.Source == "cli" && e.Message.Contains("approved", StringComparison.Ordinal));
        Assert.Single(await ctx.Store.ListOutboxAsync());
    }

    [Fact]
    public async Task DraftCustomerEmail_FrenchCustomerAndEnglishEngineOutput_WritesTheResolutionInFrenchAndPassesTheCheck()
    {
        // Arrange
        var ctx = new CommsTestContext();
        var incident = StripeExpiredKeyIncident("fr");
        await ctx.AddAsync(incident);

        // Act
        var drafted = await ctx.Service.DraftCustomerEmailAsync(incident.Id, CommunicationKind.Resolution, "agentops", "system");

        // Assert
        var resolution = Assert.Single(drafted.Communications);
        Assert.Equal(CommunicationStatus.Draft, resolution.Status);
        Assert.Equal("fr", resolution.Language);
        Assert.StartsWith("Bonjour Jean,", resolution.Body, StringComparison.Ordinal);
        Assert.Contains("## Cause\nExpiration de la clé API Stripe utilisée par l'application", resolution.Body, StringComparison.Ordinal);
        Assert.Contains("## Actions\n1. Nouvelle clé API Stripe déployée", resolution.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("rejects", resolution.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de", "Guten Tag Jean,", "Der von der Anwendung genutzte API-Schlüssel von Stripe ist abgelaufen", "Neuer API-Schlüssel von Stripe bereitgestellt")]
    [InlineData("es", "Hola Jean,", "Caducidad de la clave API de Stripe utilizada por la aplicación", "Nueva clave API de Stripe desplegada")]
    public async Task DraftCustomerEmail_GermanOrSpanishCustomerAndEnglishEngineOutput_WritesCauseAndActionsInTheirLanguage(
        string language, string greeting, string cause, string action)
    {
        // Arrange
        var ctx = new CommsTestContext();
        var incident = StripeExpiredKeyIncident(language);
        await ctx.AddAsync(incident);

        // Act
        var drafted = await ctx.Service.DraftCustomerEmailAsync(incident.Id, CommunicationKind.Resolution, "agentops", "system");

        // Assert
        var resolution = Assert.Single(drafted.Communications);
        Assert.Equal(language, resolution.Language);
        Assert.StartsWith(greeting, resolution.Body, StringComparison.Ordinal);
        Assert.Contains(cause, resolution.Body, StringComparison.Ordinal);
        Assert.Contains("1. " + action, resolution.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("rejects", resolution.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Rotate", resolution.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de", "- Der externe Anbieter lehnt den API-Schlüssel der Anwendung ab: Er ist abgelaufen")]
    [InlineData("es", "- El proveedor externo rechaza la clave API de la aplicación: ha caducado")]
    public async Task DraftCustomerEmail_GermanOrSpanishStatusUpdate_ListsEnglishFindingsInTheirLanguage(string language, string finding)
    {
        // Arrange
        var ctx = new CommsTestContext();
        var incident = Seed004Incident.Create(resolved: false);
        incident.Customer = incident.Customer! with { Language = language };
        incident.Tracks[0].Findings[0] = incident.Tracks[0].Findings[0] with { Claim = "Stripe rejects the application's API key as expired." };
        await ctx.AddAsync(incident);

        // Act
        var result = await ctx.Service.DraftCustomerEmailAsync(incident.Id, CommunicationKind.StatusUpdate, "bob", "cli");

        // Assert
        var update = result.Communications[0];
        Assert.Equal(language, update.Language);
        Assert.Contains(finding, update.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("rejects", update.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DraftCustomerEmail_FrenchStatusUpdate_ListsEnglishFindingsInFrench()
    {
        // Arrange
        var ctx = new CommsTestContext();
        var incident = Seed004Incident.Create(resolved: false);
        incident.Tracks[0].Findings[0] = incident.Tracks[0].Findings[0] with { Claim = "Stripe rejects the application's API key as expired." };
        await ctx.AddAsync(incident);

        // Act
        var result = await ctx.Service.DraftCustomerEmailAsync(incident.Id, CommunicationKind.StatusUpdate, "bob", "cli");

        // Assert
        var update = result.Communications[0];
        Assert.Equal("fr", update.Language);
        Assert.NotEqual(CommunicationStatus.Held, update.Status);
        Assert.Contains("- Le prestataire externe refuse la clé API de l'application : elle a expiré", update.Body, StringComparison.Ordinal);
        Assert.Contains("Statut : en cours d'investigation", update.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApproveAndQueue_AlreadyQueued_DoesNotQueueTwice()
    {
        // Arrange
        var ctx = new CommsTestContext();
        await ctx.AddAsync(Seed004Incident.Create());
        var drafted = await ctx.Service.DraftCustomerEmailAsync("INC-2025-0001", CommunicationKind.Resolution, "agentops", "system");
        await ctx.Service.ApproveAndQueueAsync("INC-2025-0001", drafted.Communications[0].Id, "bob", "cli");

        // Act
        var again = await ctx.Service.ApproveAndQueueAsync("INC-2025-0001", drafted.Communications[0].Id, "bob", "chat");

        // Assert
        Assert.True(again.Succeeded);
        Assert.Contains("already queued", again.Message, StringComparison.Ordinal);
        Assert.Single(await ctx.Store.ListOutboxAsync());
    }

    [Fact]
    public async Task DraftCustomerEmail_CauseLeaksASecretAndHost_HeldWithReasonAndNeverQueued()
    {
        // Arrange
        var ctx = new CommsTestContext();
        var incident = Seed004Incident.Create();
        // In English the engine's cause sentence is sent as written (a French email would reword it from its category).
        incident.Customer = incident.Customer! with { Language = "en" };
        incident.RootCause = incident.RootCause! with { RootCause = "Key sk_live_51HxQ2eZvKYlo2C expired on payments.prod.internal" };
        await ctx.AddAsync(incident);

        // Act
        var drafted = await ctx.Service.DraftCustomerEmailAsync(incident.Id, CommunicationKind.Resolution, "agentops", "system");
        var approval = await ctx.Service.ApproveAndQueueAsync(incident.Id, drafted.Communications[0].Id, "bob", "cli");

        // Assert
        var held = drafted.Communications[0];
        Assert.Equal(CommunicationStatus.Held, held.Status);
        Assert.Contains("secret: Stripe key", held.StatusReason, StringComparison.Ordinal);
        Assert.Contains("internal hostname", held.StatusReason, StringComparison.Ordinal);
        Assert.DoesNotContain("51HxQ2eZvKYlo2C", held.StatusReason, StringComparison.Ordinal);
        Assert.False(approval.Succeeded);
        Assert.Equal(CommunicationStatus.Held, (await ctx.Store.FindAsync(incident.Id))!.Communications[0].Status);
        Assert.Empty(await ctx.Store.ListOutboxAsync());
    }

    [Fact]
    public async Task ApproveAndQueue_UnknownCommunication_ReturnsMessageListingKnownOnes()
    {
        // Arrange
        var ctx = new CommsTestContext();
        await ctx.AddAsync(Seed004Incident.Create());
        await ctx.Service.DraftCustomerEmailAsync("INC-2025-0001", CommunicationKind.StatusUpdate, "agentops", "system");

        // Act
        var result = await ctx.Service.ApproveAndQueueAsync("INC-2025-0001", "C-INC-2025-0001-9", "bob", "cli");

        // Assert
        Assert.False(result.Succeeded);
        Assert.Contains("C-INC-2025-0001-1 (StatusUpdate, Draft)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApproveAndQueue_UnknownIncident_ReturnsMessage()
    {
        // Arrange
        var ctx = new CommsTestContext();

        // Act
        var result = await ctx.Service.ApproveAndQueueAsync("INC-2099-0001", "C-1", "bob", "cli");

        // Assert
        Assert.False(result.Succeeded);
        Assert.Equal("No incident INC-2099-0001.", result.Message);
    }

    [Fact]
    public async Task DraftCustomerEmail_EnglishCustomer_WritesEnglishStatusUpdateWithFindings()
    {
        // Arrange
        var ctx = new CommsTestContext();
        var incident = Seed004Incident.Create(resolved: false);
        incident.Customer = new Customer("Ann Lee", "ops@shop.example.com", "shop.example.com", "enterprise", "en");
        await ctx.AddAsync(incident);

        // Act
        var result = await ctx.Service.DraftCustomerEmailAsync(incident.Id, CommunicationKind.StatusUpdate, "bob", "cli", "A fix is being prepared.");

        // Assert
        var update = result.Communications[0];
        Assert.Equal("en", update.Language);
        Assert.StartsWith("Hello Ann,", update.Body, StringComparison.Ordinal);
        Assert.Contains("Status: under investigation", update.Body, StringComparison.Ordinal);
        Assert.Contains("- Stripe rejects every payment call with 'API Key expired' since 08:58 UTC", update.Body, StringComparison.Ordinal);
        Assert.Contains("A fix is being prepared.", update.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaiseInternalAlert_Seed004_WritesTheSeedAlertToEveryChannel()
    {
        // Arrange
        var ctx = new CommsTestContext();
        ctx.Options.Alerts.Add(new AlertChannelOptions { Name = "ops-slack", Type = "slack", Target = "http://127.0.0.1:9/slack" });
        ctx.Options.Alerts.Add(new AlertChannelOptions { Name = "oncall-mail", Type = "email", Target = "oncall@agence.fr" });
        await ctx.AddAsync(Seed004Incident.Create(resolved: false));

        // Act
        var result = await ctx.Service.RaiseInternalAlertAsync("INC-2025-0001", "agentops", "system");

        // Assert
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(2, result.Communications.Count);
        Assert.Equal(
            "🚨 ALERTE P1 - Paiements bloqués\nIncident: INC-2025-0001\nClient: client-existant.fr\nImpact: Production / Revenue\nSLA: 4h (Deadline: 14h00)\nAssigné: Équipe DevOps + Backend\n",
            result.Communications[0].Body);
        var outbox = await ctx.Store.ListOutboxAsync();
        Assert.Equal(["webhook", "email"], outbox.Select(m => m.Kind));
        var alert = AlertPayload.FromJson(outbox[0].Payload);
        Assert.Equal("ops-slack", alert.Channel);
        Assert.DoesNotContain("127.0.0.1", outbox[0].Payload, StringComparison.Ordinal);
        Assert.Contains(alert.Fields, f => f.Name == "SLA" && f.Value == "4h (Deadline: 14h00)");
        var mail = EmailPayload.FromJson(outbox[1].Payload);
        Assert.Equal("🚨 ALERTE P1 - Paiements bloqués", mail.Subject);
        Assert.Null(mail.InReplyTo);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(outbox[1].Payload).RootElement.ValueKind);
    }

    [Fact]
    public async Task RaiseInternalAlert_NoChannelConfigured_RecordsWhyOnTimeline()
    {
        // Arrange
        var ctx = new CommsTestContext();
        await ctx.AddAsync(Seed004Incident.Create(resolved: false));

        // Act
        var result = await ctx.Service.RaiseInternalAlertAsync("INC-2025-0001", "agentops", "system");

        // Assert
        Assert.False(result.Succeeded);
        Assert.Contains((await ctx.Store.FindAsync("INC-2025-0001"))!.Timeline, e => e.Message.Contains("no channel configured", StringComparison.Ordinal));
    }

    /// <summary>Seed 004 resolved, with the engine's English cause, finding and remediation, for a customer speaking <paramref name="language"/>.</summary>
    private static Incident StripeExpiredKeyIncident(string language)
    {
        var incident = Seed004Incident.Create();
        incident.Customer = incident.Customer! with { Language = language };
        incident.Tracks[0].Findings[0] = incident.Tracks[0].Findings[0] with
        {
            Claim = "Stripe rejects the application's API key as expired: every payment call fails.",
            Data = new Dictionary<string, string> { ["provider"] = "stripe" },
        };
        incident.RootCause = incident.RootCause! with
        {
            RootCause = "Stripe rejects the application's API key as expired: every payment call fails.",
            Remediations =
            [
                new Remediation("R-1", "Rotate the expired API key of stripe and redeploy the secret.", "rotate-secret stripe-api-key", "medium") { Status = RemediationStatus.Applied },
            ],
        };
        return incident;
    }
}
