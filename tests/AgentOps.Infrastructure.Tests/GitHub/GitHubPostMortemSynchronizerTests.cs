using AgentOps.Core.Model;
using AgentOps.Core.PostMortem;
using AgentOps.Infrastructure.Communication;
using AgentOps.Infrastructure.GitHub;
using AgentOps.Infrastructure.PostMortem;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentOps.Infrastructure.Tests.GitHub;

public sealed class GitHubPostMortemSynchronizerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"agentops-ghpm-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task GeneratePostMortem_SyncOn_PostsItOnceOnTheEpicThroughTheOutbox()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var incident = await harness.NewIncidentAsync(tracks: 2);
        var epic = (await harness.Sync.EpicSyncAsync(incident.Id)).EpicIssueNumber!.Value;

        // Act
        var generated = await PostMortems(harness).GeneratePostMortemAsync(incident.Id, "bob", "cli");
        var queued = await harness.Store.ListOutboxAsync(incident.Id);
        var delivery = await harness.Sync.DeliverPendingAsync(incident.Id);

        // Assert
        Assert.Contains("Queued for publication (github)", generated.Message, StringComparison.Ordinal);
        Assert.Contains(queued, m => m.Kind == GitHubOutboxPayload.Kind && m.Payload.Contains("postmortem", StringComparison.Ordinal));
        Assert.Empty(delivery.Errors);
        var comment = Assert.Single(harness.Simulator.Comments(epic));
        Assert.StartsWith(GitHubPostMortemSynchronizer.Marker(incident.Id), comment.Body, StringComparison.Ordinal);
        Assert.Contains($"# Post-mortem: {incident.Title} ({incident.Id})", comment.Body, StringComparison.Ordinal);
        Assert.Contains("<summary>Runbook</summary>", comment.Body, StringComparison.Ordinal);
        Assert.Contains((await harness.Store.FindAsync(incident.Id))!.Timeline, e => e.Kind == "postmortem" && e.Data["published"] == "github");
    }

    [Fact]
    public async Task GeneratePostMortem_Regenerated_EditsTheSameCommentAndUnchangedWritesNothing()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var incident = await harness.NewIncidentAsync(tracks: 1);
        var epic = (await harness.Sync.EpicSyncAsync(incident.Id)).EpicIssueNumber!.Value;
        var service = PostMortems(harness);
        await service.GeneratePostMortemAsync(incident.Id, "bob", "cli");
        await harness.Sync.DeliverPendingAsync(incident.Id);
        var first = Assert.Single(harness.Simulator.Comments(epic));
        var stored = (await harness.Store.FindAsync(incident.Id))!;
        stored.Title = "Timeouts à la connexion (sessions)";
        await harness.Store.SaveAsync(stored);

        // Act
        await service.GeneratePostMortemAsync(incident.Id, "bob", "cli");
        await harness.Sync.DeliverPendingAsync(incident.Id);
        var edited = Assert.Single(harness.Simulator.Comments(epic));
        harness.Simulator.ClearRequests();
        await harness.Services.GetRequiredService<GitHubPostMortemSynchronizer>().PublishAsync(incident.Id, CancellationToken.None);

        // Assert
        Assert.Equal(first.Id, edited.Id);
        Assert.Contains("Timeouts à la connexion (sessions)", edited.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Simulator.Requests, r => r.IsWrite);
    }

    [Fact]
    public async Task EpicSync_ClosedIncidentWithPostMortemNotYetOnGitHub_PostsItWithTheSync()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var incident = await harness.NewIncidentAsync(tracks: 1);
        var stored = (await harness.Store.FindAsync(incident.Id))!;
        stored.State = IncidentState.Closed;
        stored.PostMortem = new PostMortemReport("# Post-mortem: closed\n\n## Summary\n", "# Runbook\n", DateTimeOffset.UtcNow);
        await harness.Store.SaveAsync(stored);

        // Act
        var report = await harness.Sync.EpicSyncAsync(incident.Id);
        harness.Simulator.ClearRequests();
        await harness.Sync.EpicSyncAsync(incident.Id);

        // Assert
        var comment = Assert.Single(harness.Simulator.Comments(report.EpicIssueNumber!.Value));
        Assert.Contains("# Post-mortem: closed", comment.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Simulator.Requests, r => r.IsWrite);
    }

    [Fact]
    public async Task PublishAsync_WritesFailTwentyPercentOfTheTime_ConvergesToOneComment()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var incident = await harness.NewIncidentAsync(tracks: 1);
        var epic = (await harness.Sync.EpicSyncAsync(incident.Id)).EpicIssueNumber!.Value;
        await PostMortems(harness).GeneratePostMortemAsync(incident.Id, "bob", "cli");
        harness.Simulator.ConfigureFaults(0.2, TimeSpan.Zero, seed: 7);

        // Act
        for (var round = 0; round < 20 && (await harness.Store.ListOutboxAsync(incident.Id)).Any(m => m.Status == OutboxStatus.Pending); round++)
        {
            foreach (var message in (await harness.Store.ListOutboxAsync(incident.Id)).Where(m => m.Status == OutboxStatus.Pending))
            {
                await harness.Store.FailOutboxAsync(message.Id, "retry now", DateTimeOffset.MinValue, false);
            }

            await harness.Sync.DeliverPendingAsync(incident.Id);
        }

        // Assert
        harness.Simulator.ConfigureFaults(0, TimeSpan.Zero);
        Assert.Single(harness.Simulator.Comments(epic), c => c.Body.Contains(GitHubPostMortemSynchronizer.Marker(incident.Id), StringComparison.Ordinal));
    }

    [Fact]
    public void AddAgentOpsGitHub_NoGitHubSection_RegistersNoPostMortemPublisher()
    {
        // Arrange
        var services = new ServiceCollection().AddLogging().AddAgentOpsGitHub(new ConfigurationBuilder().Build()).BuildServiceProvider();

        // Act
        var publishers = services.GetServices<IPostMortemPublisher>();

        // Assert
        Assert.Empty(publishers);
    }

    [Fact]
    public async Task AddAgentOpsCommunicationAndGitHub_GitHubSection_PostMortemServiceQueuesTheGitHubPost()
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GitHub:Owner"] = "acme",
            ["GitHub:Repo"] = "incidents",
            ["GitHub:Token"] = "not-used",
            ["PostMortem:OutputFolder"] = _folder,
        }).Build();
        var store = new Fakes.InMemoryIncidentStore(TimeProvider.System);
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<AgentOps.Core.Persistence.IIncidentStore>(store)
            .AddAgentOpsCommunication(configuration)
            .AddAgentOpsGitHub(configuration)
            .BuildServiceProvider();
        await store.SaveAsync(new Incident { Id = "INC-2026-0001", Title = "Timeouts", CreatedAt = DateTimeOffset.UtcNow });

        // Act
        var result = await services.GetRequiredService<PostMortemService>().GeneratePostMortemAsync("INC-2026-0001", "bob", "cli");

        // Assert
        Assert.True(result.Succeeded, result.Message);
        var message = Assert.Single(await store.ListOutboxAsync("INC-2026-0001"));
        Assert.Equal(("github", "postmortem"), (message.Kind, GitHubOutboxPayload.Parse(message.Payload).Op));
    }

    [Fact]
    public void Body_LongerThanGitHubAllows_IsCutWithAPointerToTheFile()
    {
        // Arrange
        var incident = new Incident { Id = "INC-2026-0042", Title = "t", CreatedAt = DateTimeOffset.UnixEpoch, PostMortem = new PostMortemReport(new string('x', 70_000), "# Runbook", DateTimeOffset.UtcNow) };

        // Act
        var body = GitHubPostMortemSynchronizer.Body(incident);

        // Assert
        Assert.Equal(GitHubPostMortemSynchronizer.MaxCommentLength, body.Length);
        Assert.EndsWith("docs/incidents/INC-2026-0042-runbook.md._\n", body, StringComparison.Ordinal);
    }

    private PostMortemService PostMortems(GitHubHarness harness)
    {
        var options = new PostMortemOptions { OutputFolder = _folder };
        return new PostMortemService(harness.Store, new FileIncidentDocumentWriter(options), options, TimeProvider.System, harness.Services.GetServices<IPostMortemPublisher>());
    }
}
