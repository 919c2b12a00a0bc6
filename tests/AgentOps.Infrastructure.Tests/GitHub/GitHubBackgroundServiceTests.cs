using AgentOps.Core.Model;
using AgentOps.Infrastructure.GitHub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Tests.GitHub;

public sealed class GitHubBackgroundServiceTests
{
    [Fact]
    public async Task RunOnce_QueuedMessagesAndNewComment_DeliversThemAndAppliesTheCommand()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var incident = await harness.NewIncidentAsync(tracks: 1);
        await harness.Sync.EnqueueAsync(incident.Id, GitHubOutboxPayload.EpicSync());
        var service = Service(harness);

        // Act
        await service.RunOnceAsync(default);
        var issues = harness.Simulator.Issues();
        var epic = issues.Single(i => GitHubMarker.Parse(i.Body)!.Track is null).Number;
        harness.Simulator.SetPermission("alice", "write");
        await Task.Delay(1100);
        harness.Simulator.AddHumanComment(epic, "alice", "/status mitigating");
        await service.RunOnceAsync(default);

        // Assert
        Assert.Equal(2, issues.Count);
        Assert.All(await harness.Store.ListOutboxAsync(incident.Id), m => Assert.Equal(OutboxStatus.Delivered, m.Status));
        Assert.Equal(IncidentState.Mitigating, (await harness.Store.FindAsync(incident.Id))!.State);
        Assert.Contains(harness.Simulator.Comments(epic), c => c.Body.Contains("@alice done", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunOnce_GitHubDown_LogsAndKeepsTheMessagesQueued()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync(s => s["GitHub:MaxRetries"] = "1");
        var incident = await harness.NewIncidentAsync(tracks: 1);
        await harness.Sync.EnqueueAsync(incident.Id, GitHubOutboxPayload.EpicSync());
        harness.Simulator.FaultOverride = (_, _) => "502-before";
        var service = Service(harness);

        // Act
        await service.RunOnceAsync(default);

        // Assert
        var message = Assert.Single(await harness.Store.ListOutboxAsync(incident.Id));
        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.Equal(1, message.Attempts);
        Assert.NotNull(message.LastError);
        Assert.True(message.NextAttemptAt > TimeProvider.System.GetUtcNow());
    }

    private static GitHubBackgroundService Service(GitHubHarness harness) =>
        new(harness.Poller, harness.Sync, harness.Services.GetRequiredService<IOptions<GitHubOptions>>(), TimeProvider.System, NullLogger<GitHubBackgroundService>.Instance);
}
