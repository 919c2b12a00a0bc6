using System.Text.Json;
using AgentOps.Core.Communication;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Sla;
using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.Alerts;
using AgentOps.Infrastructure.Mail;
using AgentOps.Infrastructure.Storage;

namespace AgentOps.Infrastructure.Tests.Alerts;

public sealed class EscalationAlertOutboxHandlerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"agentops-escalation-{Guid.NewGuid():N}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task DeliverAsync_ChannelAndPersonTargets_PostsTheAlertAndWritesTheEmail()
    {
        // Arrange
        using var server = new LoopbackWebhookServer();
        var (handler, message) = await ArrangeAsync(server.Url("incidents"));

        // Act
        await handler.DeliverAsync(message);

        // Assert
        var request = Assert.Single(server.Requests);
        Assert.Equal($"{message.Id}/#incidents", request.IdempotencyKey);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("INC-2026-0042", body.GetProperty("incident").GetString());
        Assert.Equal(1, body.GetProperty("level").GetInt32());
        var eml = Assert.Single(Directory.GetFiles(Path.Combine(_folder, "outbox"), "*.eml"));
        var text = await File.ReadAllTextAsync(eml);
        Assert.Contains("cto@example.org", text, StringComparison.Ordinal);
        Assert.Contains("agentops pm ack INC-2026-0042", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_ChannelAnswers500_IsATransientFailure()
    {
        // Arrange
        using var server = new LoopbackWebhookServer(500);
        var (handler, message) = await ArrangeAsync(server.Url("incidents"));

        // Act
        var ex = await Assert.ThrowsAsync<OutboxDeliveryException>(() => handler.DeliverAsync(message));

        // Assert
        Assert.False(ex.Permanent);
    }

    [Fact]
    public async Task DeliverAsync_TargetWithoutUsableAddress_IsAPermanentFailure()
    {
        // Arrange
        var (handler, message) = await ArrangeAsync("not an address");

        // Act
        var ex = await Assert.ThrowsAsync<OutboxDeliveryException>(() => handler.DeliverAsync(message));

        // Assert
        Assert.True(ex.Permanent);
    }

    private async Task<(EscalationAlertOutboxHandler Handler, OutboxMessage Message)> ArrangeAsync(string channelAddress)
    {
        Directory.CreateDirectory(_folder);
        var store = SqlIncidentStore.ForSqlite(Path.Combine(_folder, "agentops.db"));
        var options = new CommunicationOptions { OutboxFolder = Path.Combine(_folder, "outbox"), From = "support@agence.fr" };
        var email = new EmailOutboxHandler(new SmtpOptions(), options, store, TimeProvider.System);
        var incident = new Incident { Id = "INC-2026-0042", Title = "Paiements bloqués", Priority = Priority.P1, CreatedAt = DateTimeOffset.UtcNow, EscalationLevel = 1 };
        var changes = new ChangeSet();
        var message = SlaAlert.Add(
            changes,
            incident,
            "page-1",
            "escalation",
            "No acknowledgement after 5 min: level 1 paged.",
            [new EscalationTarget("#incidents", "channel", channelAddress), new EscalationTarget("cto", "person", "cto@example.org")],
            DateTimeOffset.UtcNow);
        await store.SaveAsync(incident, changes);
        return (new EscalationAlertOutboxHandler(new HttpClient(), email, options), message);
    }
}
