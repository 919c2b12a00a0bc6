using System.Text.Json;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.GitHub;

namespace AgentOps.Infrastructure.Tests.GitHub;

public sealed class GitHubProgressSynchronizerTests
{
    [Fact]
    public async Task IssueSync_NewFindingInSameState_EditsThePreviousCommentInsteadOfPostingAnother()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var incident = await harness.NewIncidentAsync(tracks: 2);
        var first = await harness.Sync.EpicSyncAsync(incident.Id);
        await AddFindingAsync(harness, incident.Id, 1, "F-1-1", "Sequential scan on sessions", 0.55);
        await harness.Sync.IssueSyncAsync(incident.Id);
        var issue = first.TrackIssueNumbers[1];
        var before = harness.Simulator.Comments(issue).Single();

        // Act
        await AddFindingAsync(harness, incident.Id, 1, "F-1-2", "Missing index on sessions(user_id)", 0.9);
        await harness.Sync.IssueSyncAsync(incident.Id);

        // Assert
        var after = Assert.Single(harness.Simulator.Comments(issue));
        Assert.Equal(before.Id, after.Id);
        Assert.Contains("F-1-2", after.Body, StringComparison.Ordinal);
        Assert.Contains("**What was checked**", after.Body, StringComparison.Ordinal);
        Assert.Contains("**Next steps**", after.Body, StringComparison.Ordinal);
        Assert.Empty(harness.Simulator.Comments(first.TrackIssueNumbers[2]));
        var json = after.Body[(after.Body.IndexOf("```json", StringComparison.Ordinal) + 7)..after.Body.LastIndexOf("```", StringComparison.Ordinal)];
        using var document = JsonDocument.Parse(json);
        Assert.Equal("agentops.progress/1", document.RootElement.GetProperty("schema").GetString());
        Assert.Equal(0.9, document.RootElement.GetProperty("confidence").GetDouble());
        Assert.Equal(2, document.RootElement.GetProperty("findings").GetArrayLength());
        var epic = harness.Simulator.Issue(first.EpicIssueNumber!.Value);
        Assert.Contains("2 finding(s), confidence 0.90", epic.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueSync_StateChanged_PostsANewComment_AndUnchangedCostsNoCommentCall()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var incident = await harness.NewIncidentAsync(tracks: 1);
        var first = await harness.Sync.EpicSyncAsync(incident.Id);
        await AddFindingAsync(harness, incident.Id, 1, "F-1-1", "Pool exhausted", 0.8);
        await harness.Sync.IssueSyncAsync(incident.Id);
        var stored = (await harness.Store.FindAsync(incident.Id))!;
        stored.FindTrack(1)!.State = TrackState.Done;
        await harness.Store.SaveAsync(stored);

        // Act
        await harness.Sync.IssueSyncAsync(incident.Id);
        harness.Simulator.ClearRequests();
        await harness.Sync.IssueSyncAsync(incident.Id);

        // Assert
        var comments = harness.Simulator.Comments(first.TrackIssueNumbers[1]);
        Assert.Equal(2, comments.Count);
        Assert.Contains("state=done", comments[1].Body, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Simulator.Requests, r => r.Path.Contains("/comments", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Simulator.Requests, r => r.IsWrite);
        Assert.Equal("closed", harness.Simulator.Issue(first.TrackIssueNumbers[1]).State);
    }

    [Fact]
    public async Task IssueSync_CommentDeletedCheckpointLost_FindsItsCommentByMarker()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var incident = await harness.NewIncidentAsync(tracks: 1);
        var first = await harness.Sync.EpicSyncAsync(incident.Id);
        await AddFindingAsync(harness, incident.Id, 1, "F-1-1", "Pool exhausted", 0.7);
        await harness.Sync.IssueSyncAsync(incident.Id);
        await harness.Store.SetCheckpointAsync($"github:progress:{incident.Id}:1", string.Empty);

        // Act
        await AddFindingAsync(harness, incident.Id, 1, "F-1-2", "Retry storm", 0.6);
        await harness.Sync.IssueSyncAsync(incident.Id);

        // Assert
        var comment = Assert.Single(harness.Simulator.Comments(first.TrackIssueNumbers[1]));
        Assert.Contains("F-1-2", comment.Body, StringComparison.Ordinal);
    }

    private static async Task AddFindingAsync(GitHubHarness harness, string incidentId, int track, string id, string claim, double confidence)
    {
        var incident = (await harness.Store.FindAsync(incidentId))!;
        var at = new DateTimeOffset(2026, 3, 2, 9, 15, 0, TimeSpan.Zero).AddMinutes(incident.FindTrack(track)!.Findings.Count);
        incident.FindTrack(track)!.State = TrackState.InProgress;
        incident.FindTrack(track)!.Findings.Add(new Finding(id, track, claim, confidence, at)
        {
            Category = "db.missing-index",
            Evidence = [new Evidence("postgres:pg_stat_statements", "seq scan on sessions | 12034 ms ```", at)],
        });
        await harness.Store.SaveAsync(incident);
    }
}
