using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.GitHub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentOps.Infrastructure.Tests.GitHub;

public sealed class GitHubWebhookHandlerTests
{
    private static long _commentIds = 9_000_000;

    [Fact]
    public void Signature_GitHubsPublishedTestVector_IsComputedAndAccepted()
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes("Hello, World!");
        const string header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

        // Act
        var computed = GitHubWebhookSignature.Compute("It's a Secret to Everybody", body);

        // Assert
        Assert.Equal(header, computed);
        Assert.True(GitHubWebhookSignature.IsValid("It's a Secret to Everybody", body, header));
        Assert.False(GitHubWebhookSignature.IsValid("It's a Secret to Everybody", Encoding.UTF8.GetBytes("Hello, World?"), header));
        Assert.False(GitHubWebhookSignature.IsValid("another secret", body, header));
        Assert.False(GitHubWebhookSignature.IsValid("It's a Secret to Everybody", body, "sha256=zz"));
        Assert.False(GitHubWebhookSignature.IsValid("It's a Secret to Everybody", body, null));
    }

    [Fact]
    public async Task Endpoint_ForgedOrUnsignedDelivery_Returns401AndChangesNothing()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var (incident, epic, _) = await SyncedAsync(harness);
        harness.Simulator.SetPermission("alice", "write");
        var payload = Encoding.UTF8.GetBytes((await WebhookExamples.CommentAsync(harness.Simulator.IssueJson(epic), NextId(), "alice", "/status mitigating")).ToJsonString());
        await using var app = await StartServeAsync(harness);
        using var http = new HttpClient { BaseAddress = app.Address };
        var before = (await harness.Store.FindAsync(incident.Id))!;

        // Act
        var forged = await PostAsync(http, payload, "issue_comment", "d-1", GitHubWebhookSignature.Compute("not the secret", payload));
        var unsigned = await PostAsync(http, payload, "issue_comment", "d-2", null);
        var signed = await PostAsync(http, payload, "issue_comment", "d-3", GitHubWebhookSignature.Compute(GitHubHarness.WebhookSecret, payload));

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, forged);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned);
        Assert.Equal(HttpStatusCode.OK, signed);
        var after = (await harness.Store.FindAsync(incident.Id))!;
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal(IncidentState.Mitigating, after.State);
        Assert.Null(await harness.Store.FindIncidentByMessageIdAsync("github:delivery:d-1"));
        Assert.NotNull(await harness.Store.FindIncidentByMessageIdAsync("github:delivery:d-3"));
    }

    [Fact]
    public async Task Comment_StatusFromWriterOnEpic_MovesIncidentRepliesAndRelabels()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var (incident, epic, _) = await SyncedAsync(harness);
        harness.Simulator.SetPermission("alice", "maintain");

        // Act
        var result = await DeliverCommentAsync(harness, epic, "alice", "Looks like the cache.\n/status mitigating\n/ack");
        await harness.Sync.DeliverPendingAsync(incident.Id);

        // Assert
        Assert.Equal(200, result.StatusCode);
        var stored = (await harness.Store.FindAsync(incident.Id))!;
        Assert.Equal(IncidentState.Mitigating, stored.State);
        Assert.NotNull(stored.AcknowledgedAt);
        Assert.Contains(stored.Timeline, e => e.Actor == "@alice" && e.Source == "github" && e.Kind == "transition");
        var reply = Assert.Single(harness.Simulator.Comments(epic), c => c.Author == Simulator.GitHubSimulator.BotLogin);
        Assert.Contains("@alice done", reply.Body, StringComparison.Ordinal);
        Assert.Contains("Investigating → Mitigating", reply.Body, StringComparison.Ordinal);
        Assert.Contains("state:mitigating", harness.Simulator.Issue(epic).Labels);
    }

    [Fact]
    public async Task Comment_FromStranger_GetsAPoliteReplyAndChangesNothing()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var (incident, epic, _) = await SyncedAsync(harness);

        // Act
        var result = await DeliverCommentAsync(harness, epic, "mallory", "/status resolved");
        await harness.Sync.DeliverPendingAsync(incident.Id);

        // Assert
        Assert.Equal("refused", result.Message);
        var stored = (await harness.Store.FindAsync(incident.Id))!;
        Assert.Equal(IncidentState.Investigating, stored.State);
        Assert.DoesNotContain(stored.Timeline, e => e.Actor == "@mallory");
        var reply = Assert.Single(harness.Simulator.Comments(epic), c => c.Author == Simulator.GitHubSimulator.BotLogin);
        Assert.Contains("@mallory thank you", reply.Body, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comment_FromAllowlistedNonCollaborator_IsApplied()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync(s => s["GitHub:Allowlist:0"] = "oncall-bob");
        var (incident, epic, _) = await SyncedAsync(harness);

        // Act
        var result = await DeliverCommentAsync(harness, epic, "oncall-bob", "/priority P1");

        // Assert
        Assert.Equal("applied", result.Message);
        Assert.Equal(Priority.P1, (await harness.Store.FindAsync(incident.Id))!.Priority);
        Assert.DoesNotContain(harness.Simulator.Requests, r => r.Path.Contains("/collaborators/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/priority P7", "expected `/priority P1`")]
    [InlineData("/status blocked", "needs a reason")]
    [InlineData("/pm:epic-close", "unknown command")]
    [InlineData("/status done", "applies to a track issue")]
    [InlineData("/pm:issue-close", "Tracks in progress")]
    public async Task Comment_MalformedOrNotAllowed_RepliesWhyAndChangesNothing(string command, string why)
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var (incident, epic, _) = await SyncedAsync(harness, startTrack: true);
        harness.Simulator.SetPermission("alice", "admin");
        var before = (await harness.Store.FindAsync(incident.Id))!;

        // Act
        var result = await DeliverCommentAsync(harness, epic, "alice", command);
        await harness.Sync.DeliverPendingAsync(incident.Id);

        // Assert
        Assert.Equal("rejected", result.Message);
        var after = (await harness.Store.FindAsync(incident.Id))!;
        Assert.Equal(before.State, after.State);
        Assert.Equal(before.Priority, after.Priority);
        Assert.Equal(before.Timeline.Count, after.Timeline.Count);
        var reply = Assert.Single(harness.Simulator.Comments(epic), c => c.Author == Simulator.GitHubSimulator.BotLogin);
        Assert.Contains(why, reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comment_OnClosedIncident_RepliesThatItIsClosed()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var (incident, epic, _) = await SyncedAsync(harness);
        harness.Simulator.SetPermission("alice", "write");
        var stored = (await harness.Store.FindAsync(incident.Id))!;
        stored.State = IncidentState.Closed;
        await harness.Store.SaveAsync(stored);

        // Act
        var result = await DeliverCommentAsync(harness, epic, "alice", "/status mitigating");
        await harness.Sync.DeliverPendingAsync(incident.Id);

        // Assert
        Assert.Equal("rejected", result.Message);
        Assert.Equal(IncidentState.Closed, (await harness.Store.FindAsync(incident.Id))!.State);
        Assert.Contains(harness.Simulator.Comments(epic), c => c.Body.Contains("is closed, so nothing was changed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Comment_SameDeliveryTwice_IsAppliedOnce()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var (incident, epic, _) = await SyncedAsync(harness);
        harness.Simulator.SetPermission("alice", "write");
        var payload = Encoding.UTF8.GetBytes((await WebhookExamples.CommentAsync(harness.Simulator.IssueJson(epic), NextId(), "alice", "/priority P1")).ToJsonString());
        var signature = GitHubWebhookSignature.Compute(GitHubHarness.WebhookSecret, payload);

        // Act
        var first = await harness.Webhooks.HandleAsync("issue_comment", "dup-1", signature, payload);
        var second = await harness.Webhooks.HandleAsync("issue_comment", "dup-1", signature, payload);
        var redelivered = await harness.Webhooks.HandleAsync("issue_comment", "dup-2", signature, payload);

        // Assert
        Assert.Equal("applied", first.Message);
        Assert.Equal("duplicate delivery", second.Message);
        Assert.Equal("duplicate", redelivered.Message);
        Assert.Single((await harness.Store.FindAsync(incident.Id))!.Timeline, e => e.Kind == "priority");
    }

    [Fact]
    public async Task Comment_StartThenCloseOnTrackIssue_MovesTheTrackStateMachine()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var (incident, _, tracks) = await SyncedAsync(harness);
        harness.Simulator.SetPermission("alice", "write");

        // Act
        var started = await DeliverCommentAsync(harness, tracks[1], "alice", "/pm:issue-start");
        var assigned = await DeliverCommentAsync(harness, tracks[1], "alice", "/assign @bob");
        var closed = await DeliverCommentAsync(harness, tracks[1], "alice", "/pm:issue-close root cause found");
        await harness.Sync.DeliverPendingAsync(incident.Id);

        // Assert
        Assert.Equal(["applied", "applied", "applied"], new[] { started.Message, assigned.Message, closed.Message });
        var track = (await harness.Store.FindAsync(incident.Id))!.FindTrack(1)!;
        Assert.Equal(TrackState.Done, track.State);
        Assert.Equal("bob", track.Assignee);
        var issue = harness.Simulator.Issue(tracks[1]);
        Assert.Equal("closed", issue.State);
        Assert.Contains("bob", issue.Assignees);
    }

    [Fact]
    public async Task IssuesEvent_TrackIssueClosedThenReopenedOnGitHub_CompletesThenReopensTheTrack()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var (incident, _, tracks) = await SyncedAsync(harness);
        harness.Simulator.EditByHand(tracks[2], i => { i.State = "closed"; i.StateReason = "completed"; i.ClosedAt = TimeProvider.System.GetUtcNow(); });

        // Act
        var closed = await DeliverIssueEventAsync(harness, "closed", tracks[2], "carol");
        var state1 = (await harness.Store.FindAsync(incident.Id))!.FindTrack(2)!.State;
        harness.Simulator.EditByHand(tracks[2], i => { i.State = "open"; i.StateReason = "reopened"; i.ClosedAt = null; });
        var reopened = await DeliverIssueEventAsync(harness, "reopened", tracks[2], "carol");

        // Assert
        Assert.Equal("applied", closed.Message);
        Assert.Equal(TrackState.Done, state1);
        Assert.Equal("applied", reopened.Message);
        var stored = (await harness.Store.FindAsync(incident.Id))!;
        Assert.Equal(TrackState.Open, stored.FindTrack(2)!.State);
        Assert.Contains(stored.Timeline, e => e.Actor == "@carol" && e.Message.Contains("Done", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IssuesEvent_EpicClosedWhileATrackIsInProgress_RepliesWhyAndReopensTheEpic()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var (incident, epic, _) = await SyncedAsync(harness, startTrack: true);
        harness.Simulator.EditByHand(epic, i => { i.State = "closed"; i.StateReason = "completed"; i.ClosedAt = TimeProvider.System.GetUtcNow(); });

        // Act
        var result = await DeliverIssueEventAsync(harness, "closed", epic, "carol");
        await harness.Sync.DeliverPendingAsync(incident.Id);

        // Assert
        Assert.Equal("rejected", result.Message);
        Assert.Equal(IncidentState.Investigating, (await harness.Store.FindAsync(incident.Id))!.State);
        Assert.Equal("open", harness.Simulator.Issue(epic).State);
        Assert.Contains(harness.Simulator.Comments(epic), c => c.Body.Contains("could not follow", StringComparison.Ordinal) && c.Body.Contains("Tracks in progress", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IssuesEvent_TrackIssueDeletedOnGitHub_ClearsTheMappingAndTheNextSyncRecreatesIt()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var (incident, _, tracks) = await SyncedAsync(harness);
        var json = harness.Simulator.IssueJson(tracks[1]);
        harness.Simulator.EditByHand(tracks[1], i => i.Deleted = true);
        var payload = Encoding.UTF8.GetBytes((await WebhookExamples.IssueAsync("deleted", json, "carol")).ToJsonString());

        // Act
        var result = await harness.Webhooks.HandleAsync("issues", "del-1", GitHubWebhookSignature.Compute(GitHubHarness.WebhookSecret, payload), payload);
        var cleared = (await harness.Store.FindAsync(incident.Id))!.FindTrack(1)!.GitHubIssueNumber;
        await harness.Sync.DeliverPendingAsync(incident.Id);

        // Assert
        Assert.Equal("applied", result.Message);
        Assert.Null(cleared);
        var recreated = (await harness.Store.FindAsync(incident.Id))!.FindTrack(1)!.GitHubIssueNumber;
        Assert.NotNull(recreated);
        Assert.NotEqual(tracks[1], recreated);
        Assert.Equal(3, harness.Simulator.Issues().Count);
    }

    [Fact]
    public async Task Delivery_OtherRepositoryOrUnknownEvent_IsIgnoredWith202()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var (_, epic, _) = await SyncedAsync(harness);
        var payload = await WebhookExamples.CommentAsync(harness.Simulator.IssueJson(epic), NextId(), "alice", "/ack");
        payload["repository"]!["full_name"] = "someone/else";
        var bytes = Encoding.UTF8.GetBytes(payload.ToJsonString());

        // Act
        var other = await harness.Webhooks.HandleAsync("issue_comment", "o-1", GitHubWebhookSignature.Compute(GitHubHarness.WebhookSecret, bytes), bytes);
        var star = await harness.Webhooks.HandleAsync("star", "o-2", GitHubWebhookSignature.Compute(GitHubHarness.WebhookSecret, bytes), bytes);

        // Assert
        Assert.Equal(202, other.StatusCode);
        Assert.Equal(202, star.StatusCode);
    }

    internal static long NextId() => Interlocked.Increment(ref _commentIds);

    /// <summary>An incident with two tracks synced to GitHub: (incident, epic number, track number → issue number).</summary>
    internal static async Task<(Incident Incident, int Epic, Dictionary<int, int> Tracks)> SyncedAsync(GitHubHarness harness, bool startTrack = false)
    {
        var incident = await harness.NewIncidentAsync(tracks: 2);
        if (startTrack)
        {
            var stored = (await harness.Store.FindAsync(incident.Id))!;
            stored.FindTrack(1)!.State = TrackState.InProgress;
            await harness.Store.SaveAsync(stored);
        }

        var report = await harness.Sync.EpicSyncAsync(incident.Id);
        harness.Simulator.ClearRequests();
        return (incident, report.EpicIssueNumber!.Value, report.TrackIssueNumbers);
    }

    private static async Task<GitHubWebhookResult> DeliverCommentAsync(GitHubHarness harness, int issue, string login, string body)
    {
        var comment = harness.Simulator.AddHumanComment(issue, login, body);
        var payload = Encoding.UTF8.GetBytes((await WebhookExamples.CommentAsync(harness.Simulator.IssueJson(issue), comment.Id, login, body)).ToJsonString());
        return await harness.Webhooks.HandleAsync("issue_comment", Guid.NewGuid().ToString(), GitHubWebhookSignature.Compute(GitHubHarness.WebhookSecret, payload), payload);
    }

    private static async Task<GitHubWebhookResult> DeliverIssueEventAsync(GitHubHarness harness, string action, int issue, string login)
    {
        var payload = Encoding.UTF8.GetBytes((await WebhookExamples.IssueAsync(action, harness.Simulator.IssueJson(issue), login)).ToJsonString());
        return await harness.Webhooks.HandleAsync("issues", Guid.NewGuid().ToString(), GitHubWebhookSignature.Compute(GitHubHarness.WebhookSecret, payload), payload);
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, byte[] payload, string eventName, string delivery, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "github/webhook") { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", delivery);
        if (signature is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", signature);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A web host as <c>agentops serve</c> would wire it: AddAgentOpsGitHub + MapGitHubWebhook, on loopback.</summary>
    private static async Task<ServeHost> StartServeAsync(GitHubHarness harness)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GitHub:Owner"] = "acme",
            ["GitHub:Repo"] = "ops",
            ["GitHub:Token"] = harness.Simulator.Token,
            ["GitHub:BaseUrl"] = harness.Simulator.BaseUrl.ToString(),
            ["GitHub:WebhookSecret"] = GitHubHarness.WebhookSecret,
            ["GitHub:PollInterval"] = "00:00:00",
        });
        builder.Services.AddSingleton<IIncidentStore>(harness.Store);
        builder.Services.AddAgentOpsGitHub(builder.Configuration);
        var app = builder.Build();
        app.MapGitHubWebhook();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServeHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    private sealed record ServeHost(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
