using AgentOps.Core.Communication;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.Mail;
using AgentOps.Infrastructure.LocalServers;
using AgentOps.Infrastructure.Tests.Fakes;
using MimeKit;

namespace AgentOps.Infrastructure.Tests.Mail;

public sealed class EmailOutboxHandlerTests : IClassFixture<PostfixFixture>
{
    private readonly PostfixFixture _postfix;

    public EmailOutboxHandlerTests(PostfixFixture postfix)
    {
        _postfix = postfix;
    }

    [Fact]
    public async Task DeliverAsync_ApprovedResolutionThroughPostfix_CustomerMailboxHoldsTheThreadedFrenchEmail()
    {
        // Arrange
        var ctx = new CommsTestContext();
        await ctx.AddAsync(Seed004Incident.Create());
        var drafted = await ctx.Service.DraftCustomerEmailAsync("INC-2025-0001", CommunicationKind.Resolution, "agentops", "system");
        await ctx.Service.ApproveAndQueueAsync("INC-2025-0001", drafted.Communications[0].Id, "bob", "cli");
        var before = (await _postfix.Server.ReadMailboxAsync()).Count;
        var dispatcher = Dispatcher(ctx, new SmtpOptions { Host = "127.0.0.1", Port = _postfix.Server.Port, Security = "None" });

        // Act
        var report = await dispatcher.DispatchDueAsync();
        var mailbox = await _postfix.Server.WaitForMessagesAsync(before + 1, TimeSpan.FromSeconds(20));

        // Assert
        Assert.Equal(1, report.Delivered);
        var mail = mailbox.Single(m => m.MessageId == $"OUT-{drafted.Communications[0].Id}@agence.fr");
        Assert.Equal("RE: URGENT - Paiements bloqués !!! [INC-2025-0001] ✅ RÉSOLU", mail.Subject);
        Assert.Equal(Seed004Incident.CustomerMessageId, mail.InReplyTo);
        Assert.Equal([Seed004Incident.CustomerMessageId], mail.References);
        Assert.Equal("support@client-existant.fr", mail.To.Mailboxes.Single().Address);
        Assert.Equal("support@agence.fr", mail.From.Mailboxes.Single().Address);
        Assert.Equal("INC-2025-0001", mail.Headers[MimeMessageFactory.IncidentHeader]);
        Assert.Contains("1h45 (SLA 4h respecté ✅)", mail.TextBody, StringComparison.Ordinal);
        var incident = (await ctx.Store.FindAsync("INC-2025-0001"))!;
        Assert.Equal(CommunicationStatus.Sent, incident.Communications[0].Status);
        Assert.Contains(incident.Timeline, e => e.Source == "outbox" && e.Message.Contains("sent to support@client-existant.fr", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DispatchDueAsync_InternalAlertToAnEmailChannel_OnCallMailboxGetsTheSeedAlert()
    {
        // Arrange
        var ctx = new CommsTestContext();
        ctx.Options.Alerts.Add(new AlertChannelOptions { Name = "oncall-mail", Type = "email", Target = "oncall@agence.fr" });
        await ctx.AddAsync(Seed004Incident.Create(resolved: false));
        await ctx.Service.RaiseInternalAlertAsync("INC-2025-0001", "agentops", "system");
        var dispatcher = Dispatcher(ctx, new SmtpOptions { Host = "127.0.0.1", Port = _postfix.Server.Port, Security = "None" });

        // Act
        await dispatcher.DispatchDueAsync();
        await _postfix.Server.WaitForMessagesAsync(1, TimeSpan.FromSeconds(20));
        var mail = await WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "oncall@agence.fr"));

        // Assert
        Assert.Equal("🚨 ALERTE P1 - Paiements bloqués", mail.Subject);
        Assert.Contains("SLA: 4h (Deadline: 14h00)\nAssigné: Équipe DevOps + Backend", mail.TextBody, StringComparison.Ordinal);
        Assert.Null(mail.InReplyTo);
    }

    [Fact]
    public async Task DeliverAsync_SameOutboxMessageTwice_DeliversOnce()
    {
        // Arrange
        var ctx = new CommsTestContext();
        var handler = new EmailOutboxHandler(new SmtpOptions { Host = "127.0.0.1", Port = _postfix.Server.Port, Security = "None" }, ctx.Options, ctx.Store, ctx.Time);
        var id = $"OUT-test-{Guid.NewGuid():N}";
        var payload = new EmailPayload($"{id}@agence.fr", "support@agence.fr", "Support", ["ops@client-existant.fr"], "Once", "Only once.\n");
        var message = new OutboxMessage(id, "INC-2025-0001", "email", payload.ToJson(), ctx.Time.GetUtcNow());

        // Act
        await handler.DeliverAsync(message);
        await handler.DeliverAsync(message);
        await _postfix.Server.WaitForMessagesAsync(1, TimeSpan.FromSeconds(20));
        await Task.Delay(500);

        // Assert
        var copies = (await _postfix.Server.ReadMailboxAsync()).Count(m => m.MessageId == $"{id}@agence.fr");
        Assert.Equal(1, copies);
    }

    [Fact]
    public async Task DispatchDueAsync_SmtpServerUnreachable_RetriedWithBackoffThenDeliveredWhenItIsBack()
    {
        // Arrange
        var ctx = new CommsTestContext();
        await ctx.AddAsync(Seed004Incident.Create(resolved: false));
        await ctx.Service.AcknowledgeIfDueAsync("INC-2025-0001");
        var down = Dispatcher(ctx, new SmtpOptions { Host = "127.0.0.1", Port = FreePort.Next(), Security = "None", Timeout = TimeSpan.FromSeconds(5) });

        // Act
        var first = await down.DispatchDueAsync();
        var pending = Assert.Single(await ctx.Store.ListOutboxAsync());
        var tooEarly = await down.DispatchDueAsync();
        ctx.Time.Advance(TimeSpan.FromSeconds(31));
        var up = Dispatcher(ctx, new SmtpOptions { Host = "127.0.0.1", Port = _postfix.Server.Port, Security = "None" });
        var second = await up.DispatchDueAsync();

        // Assert
        Assert.Equal(new OutboxDispatchReport(1, 0, 1, 0), first);
        Assert.Equal(OutboxStatus.Pending, pending.Status);
        Assert.Equal(1, pending.Attempts);
        Assert.Contains("unreachable", pending.LastError, StringComparison.Ordinal);
        Assert.Equal(ctx.Time.GetUtcNow() - TimeSpan.FromSeconds(31) + TimeSpan.FromSeconds(30), pending.NextAttemptAt);
        Assert.Equal(0, tooEarly.Claimed);
        Assert.Equal(1, second.Delivered);
        Assert.Equal(OutboxStatus.Delivered, Assert.Single(await ctx.Store.ListOutboxAsync()).Status);
        var incident = (await ctx.Store.FindAsync("INC-2025-0001"))!;
        Assert.Contains(incident.Timeline, e => e.Message.Contains("delivery failed", StringComparison.Ordinal) && e.Message.Contains("retrying", StringComparison.Ordinal));
        Assert.Equal(CommunicationStatus.Sent, incident.Communications[0].Status);
    }

    [Fact]
    public async Task DeliverAsync_NoSmtpHost_WritesEmlFileNamedAfterTheOutboxId()
    {
        // Arrange
        var folder = Path.Combine(Path.GetTempPath(), $"agentops-outbox-{Guid.NewGuid():N}");
        var ctx = new CommsTestContext();
        ctx.Options.OutboxFolder = folder;
        await ctx.AddAsync(Seed004Incident.Create(resolved: false));
        await ctx.Service.AcknowledgeIfDueAsync("INC-2025-0001");
        var dispatcher = Dispatcher(ctx, new SmtpOptions());

        try
        {
            // Act
            await dispatcher.DispatchDueAsync();

            // Assert
            var file = Assert.Single(Directory.GetFiles(folder, "*.eml"));
            Assert.Equal("OUT-C-INC-2025-0001-1.eml", Path.GetFileName(file));
            var mail = await MimeMessage.LoadAsync(file);
            Assert.Equal("OUT-C-INC-2025-0001-1@agence.fr", mail.MessageId);
            Assert.Equal(Seed004Incident.CustomerMessageId, mail.InReplyTo);
            Assert.Contains("Référence : INC-2025-0001", mail.TextBody, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void OutboxFolder_Relative_ResolvedFromTheCurrentWorkingDirectory()
    {
        // Arrange
        var ctx = new CommsTestContext();
        var handler = new EmailOutboxHandler(new SmtpOptions(), ctx.Options, ctx.Store, ctx.Time);

        // Act
        var folder = handler.OutboxFolder;

        // Assert
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "outbox"), folder);
    }

    [Fact]
    public async Task DeliverAsync_PayloadIsNotAnEmail_FailsPermanently()
    {
        // Arrange
        var ctx = new CommsTestContext();
        var handler = new EmailOutboxHandler(new SmtpOptions(), ctx.Options, ctx.Store, ctx.Time);
        var message = new OutboxMessage("OUT-bad", "INC-2025-0001", "email", "[1,2]", ctx.Time.GetUtcNow());

        // Act
        var error = await Assert.ThrowsAsync<OutboxDeliveryException>(() => handler.DeliverAsync(message));

        // Assert
        Assert.True(error.Permanent);
    }

    private async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> predicate)
    {
        for (var i = 0; i < 200; i++)
        {
            var found = (await _postfix.Server.ReadMailboxAsync()).FirstOrDefault(predicate);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The expected message did not arrive in the Postfix mailbox.");
    }

    private static OutboxDispatcher Dispatcher(CommsTestContext ctx, SmtpOptions smtp) => new(
        ctx.Store,
        [new EmailOutboxHandler(smtp, ctx.Options, ctx.Store, ctx.Time)],
        [ctx.Service],
        new OutboxDispatcherOptions(),
        ctx.Time);
}
