using AgentOps.Core.Model;
using AgentOps.Infrastructure.GitHub;

namespace AgentOps.Infrastructure.Tests.GitHub;

public sealed class GitHubPollServiceTests
{
    [Fact]
    public async Task PollOnce_NothingChanged_AnswersNotModifiedWithoutSpendingRateLimit()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        await GitHubWebhookHandlerTests.SyncedAsync(harness);
        await harness.Poller.PollOnceAsync();
        await harness.Poller.PollOnceAsync();
        harness.Simulator.ClearRequests();

        // Act
        var result = await harness.Poller.PollOnceAsync();

        // Assert
        Assert.True(result.CommentsNotModified);
        Assert.True(result.IssuesNotModified);
        Assert.Equal(2, harness.Simulator.Requests.Count);
        Assert.All(harness.Simulator.Requests, r => Assert.Equal(304, r.Status));
    }

    [Fact]
    public async Task PollOnce_NewCommandComment_IsAppliedOnceEvenIfTheWebhookAlsoDeliversIt()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var (incident, epic, _) = await GitHubWebhookHandlerTests.SyncedAsync(harness);
        harness.Simulator.SetPermission("alice", "write");
        await harness.Poller.PollOnceAsync();
        await Task.Delay(1100);
        var comment = harness.Simulator.AddHumanComment(epic, "alice", "/priority P1");

        // Act
        var polled = await harness.Poller.PollOnceAsync();
        var payload = System.Text.Encoding.UTF8.GetBytes((await WebhookExamples.CommentAsync(harness.Simulator.IssueJson(epic), comment.Id, "alice", comment.Body)).ToJsonString());
        var hooked = await harness.Webhooks.HandleAsync("issue_comment", "late-1", GitHubWebhookSignature.Compute(GitHubHarness.WebhookSecret, payload), payload);

        // Assert
        Assert.Equal(1, polled.Handled);
        Assert.Equal("duplicate", hooked.Message);
        var stored = (await harness.Store.FindAsync(incident.Id))!;
        Assert.Equal(Priority.P1, stored.Priority);
        Assert.Single(stored.Timeline, e => e.Kind == "priority");
    }

    [Fact]
    public async Task PollOnce_TrackIssueClosedOnGitHub_CompletesTheTrack()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var (incident, _, tracks) = await GitHubWebhookHandlerTests.SyncedAsync(harness, startTrack: true);
        await harness.Poller.PollOnceAsync();
        await Task.Delay(1100);
        harness.Simulator.EditByHand(tracks[1], i => { i.State = "closed"; i.StateReason = "completed"; i.ClosedAt = TimeProvider.System.GetUtcNow(); });

        // Act
        var result = await harness.Poller.PollOnceAsync();
        var again = await harness.Poller.PollOnceAsync();

        // Assert
        Assert.Equal(1, result.Handled);
        Assert.Equal(0, again.Handled);
        var stored = (await harness.Store.FindAsync(incident.Id))!;
        Assert.Equal(TrackState.Done, stored.FindTrack(1)!.State);
        Assert.Equal(TrackState.Open, stored.FindTrack(2)!.State);
    }
}
