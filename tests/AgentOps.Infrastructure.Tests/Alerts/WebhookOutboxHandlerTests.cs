using System.Text.Json;
using AgentOps.Core.Communication;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.Alerts;
using AgentOps.Infrastructure.LocalServers;
using AgentOps.Infrastructure.Tests.Fakes;

namespace AgentOps.Infrastructure.Tests.Alerts;

public sealed class WebhookOutboxHandlerTests
{
    [Fact]
    public async Task DispatchDueAsync_SlackTeamsMattermostAndGenericChannels_EachGetsItsPayloadShape()
    {
        // Arrange
        using var server = new LoopbackWebhookServer();
        var ctx = Context(server, ("ops-slack", "slack", "slack"), ("ops-teams", "teams", "teams"), ("ops-mm", "mattermost", "mm"), ("ops-json", "webhook", "generic"));
        await ctx.AddAsync(Seed004Incident.Create(resolved: false));
        await ctx.Service.RaiseInternalAlertAsync("INC-2025-0001", "agentops", "system");
        using var http = new HttpClient();

        // Act
        var report = await Dispatcher(ctx, http).DispatchDueAsync();

        // Assert
        Assert.Equal(4, report.Delivered);
        var requests = server.Requests.ToDictionary(r => r.Path);
        Assert.All(requests.Values, r => Assert.StartsWith("application/json", r.ContentType, StringComparison.Ordinal));

        var slack = JsonDocument.Parse(requests["/slack"].Body).RootElement;
        Assert.StartsWith("🚨 ALERTE P1 - Paiements bloqués\n", slack.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("header", slack.GetProperty("blocks")[0].GetProperty("type").GetString());
        Assert.Equal("🚨 ALERTE P1 - Paiements bloqués", slack.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString());
        Assert.Contains(slack.GetProperty("blocks")[1].GetProperty("fields").EnumerateArray(), f => f.GetProperty("text").GetString() == "*SLA:*\n4h (Deadline: 14h00)");

        var teams = JsonDocument.Parse(requests["/teams"].Body).RootElement;
        Assert.Equal("message", teams.GetProperty("type").GetString());
        var card = teams.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", card.GetProperty("contentType").GetString());
        Assert.Equal("AdaptiveCard", card.GetProperty("content").GetProperty("type").GetString());
        Assert.Contains(card.GetProperty("content").GetProperty("body")[1].GetProperty("facts").EnumerateArray(),
            f => f.GetProperty("title").GetString() == "Assigné" && f.GetProperty("value").GetString() == "Équipe DevOps + Backend");

        var mattermost = JsonDocument.Parse(requests["/mm"].Body).RootElement;
        Assert.Contains("Client: client-existant.fr", mattermost.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("#D70000", mattermost.GetProperty("attachments")[0].GetProperty("color").GetString());
        Assert.Contains(mattermost.GetProperty("attachments")[0].GetProperty("fields").EnumerateArray(), f => f.GetProperty("title").GetString() == "Impact" && f.GetProperty("value").GetString() == "Production / Revenue");

        var generic = JsonDocument.Parse(requests["/generic"].Body).RootElement;
        Assert.Equal("incident.alert", generic.GetProperty("event").GetString());
        Assert.Equal("INC-2025-0001", generic.GetProperty("incidentId").GetString());
        Assert.Equal("P1", generic.GetProperty("priority").GetString());
        Assert.Equal("client-existant.fr", generic.GetProperty("fields").GetProperty("Client").GetString());
        Assert.All((await ctx.Store.FindAsync("INC-2025-0001"))!.Communications, c => Assert.Equal(CommunicationStatus.Sent, c.Status));
    }

    [Fact]
    public async Task DispatchDueAsync_WebhookFailsTwiceThenSucceeds_DeliveredOnTheThirdAttemptWithTheSameIdempotencyKey()
    {
        // Arrange
        using var server = new LoopbackWebhookServer(503, 502);
        var ctx = Context(server, ("ops-slack", "slack", "slack"));
        await ctx.AddAsync(Seed004Incident.Create(resolved: false));
        await ctx.Service.RaiseInternalAlertAsync("INC-2025-0001", "agentops", "system");
        using var http = new HttpClient();
        var dispatcher = Dispatcher(ctx, http);

        // Act
        var first = await dispatcher.DispatchDueAsync();
        ctx.Time.Advance(TimeSpan.FromSeconds(30));
        var second = await dispatcher.DispatchDueAsync();
        ctx.Time.Advance(TimeSpan.FromSeconds(59));
        var tooEarly = await dispatcher.DispatchDueAsync();
        ctx.Time.Advance(TimeSpan.FromSeconds(1));
        var third = await dispatcher.DispatchDueAsync();

        // Assert
        Assert.Equal(1, first.Retrying);
        Assert.Equal(1, second.Retrying);
        Assert.Equal(0, tooEarly.Claimed);
        Assert.Equal(1, third.Delivered);
        Assert.Equal(3, server.Requests.Count);
        Assert.Single(server.Requests.Select(r => r.IdempotencyKey).Distinct());
        var message = Assert.Single(await ctx.Store.ListOutboxAsync());
        Assert.Equal(OutboxStatus.Delivered, message.Status);
        Assert.Equal(3, message.Attempts);
    }

    [Fact]
    public async Task DispatchDueAsync_WebhookUnreachable_KeptAsDeadAfterMaxAttemptsAndVisible()
    {
        // Arrange
        var ctx = new CommsTestContext();
        ctx.Options.Alerts.Add(new AlertChannelOptions { Name = "ops-slack", Type = "slack", Target = $"http://127.0.0.1:{FreePort.Next()}/hook" });
        await ctx.AddAsync(Seed004Incident.Create(resolved: false));
        await ctx.Service.RaiseInternalAlertAsync("INC-2025-0001", "agentops", "system");
        using var http = new HttpClient();
        var dispatcher = Dispatcher(ctx, http, new OutboxDispatcherOptions { MaxAttempts = 3 });

        // Act
        var reports = new List<OutboxDispatchReport>();
        for (var i = 0; i < 4; i++)
        {
            reports.Add(await dispatcher.DispatchDueAsync());
            ctx.Time.Advance(TimeSpan.FromHours(1));
        }

        // Assert
        Assert.Equal([1, 1, 0, 0], reports.Select(r => r.Retrying));
        Assert.Equal([0, 0, 1, 0], reports.Select(r => r.Dead));
        var message = Assert.Single(await ctx.Store.ListOutboxAsync());
        Assert.Equal(OutboxStatus.Dead, message.Status);
        Assert.Equal(3, message.Attempts);
        Assert.Contains("unreachable", message.LastError, StringComparison.Ordinal);
        var incident = (await ctx.Store.FindAsync("INC-2025-0001"))!;
        Assert.Equal(CommunicationStatus.Failed, incident.Communications[0].Status);
        Assert.Contains(incident.Timeline, e => e.Message.Contains("could not be sent after 3 attempt(s)", StringComparison.Ordinal));
        Assert.Equal([message], await dispatcher.ListUndeliveredAsync("INC-2025-0001"));
    }

    [Fact]
    public async Task DispatchDueAsync_WebhookAnswers404_DeadAtOnceWithoutRetrying()
    {
        // Arrange
        using var server = new LoopbackWebhookServer(404);
        var ctx = Context(server, ("ops-mm", "mattermost", "gone"));
        await ctx.AddAsync(Seed004Incident.Create(resolved: false));
        await ctx.Service.RaiseInternalAlertAsync("INC-2025-0001", "agentops", "system");
        using var http = new HttpClient();

        // Act
        var report = await Dispatcher(ctx, http).DispatchDueAsync();

        // Assert
        Assert.Equal(1, report.Dead);
        Assert.Equal(OutboxStatus.Dead, Assert.Single(await ctx.Store.ListOutboxAsync()).Status);
    }

    [Fact]
    public async Task DeliverAsync_ChannelRemovedFromConfiguration_FailsPermanently()
    {
        // Arrange
        var ctx = new CommsTestContext();
        using var http = new HttpClient();
        var handler = new WebhookOutboxHandler(http, ctx.Options);
        var payload = new AlertPayload("removed", "slack", "t", "text").ToJson();

        // Act
        var error = await Assert.ThrowsAsync<OutboxDeliveryException>(() => handler.DeliverAsync(new OutboxMessage("OUT-x", "INC-1", "webhook", payload, ctx.Time.GetUtcNow())));

        // Assert
        Assert.True(error.Permanent);
        Assert.Contains("'removed' is not configured", error.Message, StringComparison.Ordinal);
    }

    private static CommsTestContext Context(LoopbackWebhookServer server, params (string Name, string Type, string Path)[] channels)
    {
        var ctx = new CommsTestContext();
        foreach (var (name, type, path) in channels)
        {
            ctx.Options.Alerts.Add(new AlertChannelOptions { Name = name, Type = type, Target = server.Url(path) });
        }

        return ctx;
    }

    private static OutboxDispatcher Dispatcher(CommsTestContext ctx, HttpClient http, OutboxDispatcherOptions? options = null) => new(
        ctx.Store,
        [new WebhookOutboxHandler(http, ctx.Options)],
        [ctx.Service],
        options ?? new OutboxDispatcherOptions(),
        ctx.Time);
}
