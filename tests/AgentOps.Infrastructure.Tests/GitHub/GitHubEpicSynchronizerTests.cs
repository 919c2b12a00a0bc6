using AgentOps.Core.Model;
using AgentOps.Infrastructure.GitHub;
using AgentOps.Infrastructure.Tests.GitHub.Simulator;

namespace AgentOps.Infrastructure.Tests.GitHub;

public sealed class GitHubEpicSynchronizerTests
{
    [Fact]
    public async Task EpicSync_NewIncident_ProvisionsLabelsThenCreatesEpicAndTracksLinkedAsSubIssues()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync(s => s["GitHub:Milestone"] = "Incidents 2026");
        var incident = await harness.NewIncidentAsync(tracks: 3, customer: new Customer("Jean Martin", "jean@client-existant.fr", "client-existant.fr"));

        // Act
        var report = await harness.Sync.EpicSyncAsync(incident.Id);

        // Assert
        var issues = harness.Simulator.Issues();
        Assert.Equal(4, issues.Count);
        var epic = Assert.Single(issues, i => i.Body!.Contains($"<!-- agentops:incident={incident.Id} track=epic -->", StringComparison.Ordinal));
        Assert.Equal($"[{incident.Id}] Timeouts à la connexion", epic.Title);
        Assert.Contains("## Objective", epic.Body, StringComparison.Ordinal);
        Assert.Contains("Missing index on sessions", epic.Body, StringComparison.Ordinal);
        Assert.Contains(["incident", "priority:P2", "state:investigating", "epic:auth-timeout-investigation", "customer:client-existant.fr"], l => epic.Labels.Contains(l));
        var tracks = issues.Where(i => i != epic).ToList();
        Assert.All(tracks, t => Assert.Equal(epic.Id, t.ParentId));
        Assert.All(tracks, t => Assert.Contains($"- [ ] #{t.Number} ", epic.Body, StringComparison.Ordinal));
        Assert.All(issues, i => Assert.Equal(1, i.Milestone));
        var labels = harness.Simulator.LabelNames();
        Assert.Contains("priority:P4", labels);
        Assert.Contains("state:in-progress", labels);
        Assert.Contains("track:load-balancer", labels);
        var firstIssueCall = harness.Simulator.Requests.ToList().FindIndex(r => r is { Method: "POST", Path: "/repos/acme/ops/issues" });
        var lastLabelCall = harness.Simulator.Requests.ToList().FindLastIndex(r => r is { Method: "POST", Path: "/repos/acme/ops/labels" });
        Assert.True(lastLabelCall < firstIssueCall, "labels are provisioned before any issue is created");
        var stored = (await harness.Store.FindAsync(incident.Id))!;
        Assert.Equal(epic.Number, stored.GitHubIssueNumber);
        Assert.All(stored.Tracks, t => Assert.Equal(report.TrackIssueNumbers[t.Number], t.GitHubIssueNumber));
        Assert.Equal(4, report.Created);
        Assert.Equal(3, report.Linked);
    }

    [Fact]
    public async Task EpicSync_RunAgain_MakesNoWriteCallAndNoDuplicate()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var incident = await harness.NewIncidentAsync(tracks: 4);
        await harness.Sync.EpicSyncAsync(incident.Id);
        harness.Simulator.ClearRequests();

        // Act
        var report = await harness.Sync.EpicSyncAsync(incident.Id);

        // Assert
        Assert.Equal(5, harness.Simulator.Issues().Count);
        Assert.DoesNotContain(harness.Simulator.Requests, r => r.IsWrite);
        Assert.Equal(0, report.Created + report.Updated + report.Linked);
    }

    [Fact]
    public async Task EpicSync_CrashAfterGitHubCreatedAnIssue_RerunFindsItByMarkerAndCreatesNoDuplicate()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync(s => s["GitHub:MaxConcurrency"] = "1");
        var incident = await harness.NewIncidentAsync(tracks: 3);
        using var crash = new CancellationTokenSource();
        var creates = 0;
        harness.Simulator.AfterWrite = r =>
        {
            if (r is { Method: "POST", Path: "/repos/acme/ops/issues" } && Interlocked.Increment(ref creates) == 2)
            {
                crash.Cancel();
            }

            return Task.CompletedTask;
        };

        // Act
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Sync.EpicSyncAsync(incident.Id, crash.Token));
        harness.Simulator.AfterWrite = null;
        var afterCrash = (await harness.Store.FindAsync(incident.Id))!;
        var report = await harness.Sync.EpicSyncAsync(incident.Id);

        // Assert
        Assert.Null(afterCrash.GitHubIssueNumber);
        Assert.Contains(afterCrash.Tracks, t => t.GitHubIssueNumber is null);
        var issues = harness.Simulator.Issues();
        Assert.Equal(4, issues.Count);
        Assert.Equal(4, issues.Select(i => GitHubMarker.Parse(i.Body)!.Key).Distinct().Count());
        Assert.Equal(2, report.Created);
        var stored = (await harness.Store.FindAsync(incident.Id))!;
        Assert.All(stored.Tracks, t => Assert.NotNull(t.GitHubIssueNumber));
    }

    [Fact]
    public async Task EpicSync_TwentyPercentFaults_ConvergesWithZeroDuplicates()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var incident = await harness.NewIncidentAsync(tracks: 8);
        harness.Simulator.ConfigureFaults(0.2, TimeSpan.Zero, seed: 7);
        harness.Simulator.Faults.RetryAfterSeconds = 0;

        // Act
        var (report, _) = await harness.SyncUntilConvergedAsync(incident.Id);
        var injected = harness.Simulator.Requests.Count(r => r.Fault is not null);
        harness.Simulator.ConfigureFaults(0, TimeSpan.Zero);
        harness.Simulator.ClearRequests();
        await harness.Sync.EpicSyncAsync(incident.Id);

        // Assert
        Assert.NotNull(report);
        Assert.True(injected > 0, "faults were injected");
        Assert.DoesNotContain(harness.Simulator.Requests, r => r.IsWrite);
        var issues = harness.Simulator.Issues();
        Assert.Equal(9, issues.Count);
        Assert.Equal(9, issues.Select(i => GitHubMarker.Parse(i.Body)!.Key).Distinct().Count());
        var epic = issues.Single(i => GitHubMarker.Parse(i.Body)!.Track is null);
        Assert.Equal(8, epic.SubIssueIds.Count);
    }

    [Fact]
    public async Task EpicSync_SlowAnswersThatTimeOutAfterGitHubApplied_ReconcileWithoutDuplicates()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync(s => s["GitHub:RequestTimeout"] = "00:00:00.300");
        var incident = await harness.NewIncidentAsync(tracks: 4);
        var slowCreates = 0;
        harness.Simulator.Faults.SlowDelay = TimeSpan.FromMilliseconds(900);
        harness.Simulator.FaultOverride = (method, path) =>
            method == "POST" && path == "/repos/acme/ops/issues" && Interlocked.Increment(ref slowCreates) <= 2 ? "slow" : null;

        // Act
        var (report, _) = await harness.SyncUntilConvergedAsync(incident.Id);

        // Assert
        Assert.NotNull(report);
        Assert.True(slowCreates >= 3, "two creations answered too late (after GitHub applied them), then more creations");
        var keys = harness.Simulator.Issues().Select(i => GitHubMarker.Parse(i.Body)!.Key).ToList();
        Assert.Equal(5, keys.Count);
        Assert.Equal(5, keys.Distinct().Count());
    }

    [Fact]
    public async Task EpicSync_IssueDeletedByHand_IsRecreatedAndNotedOnTheTimeline()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var incident = await harness.NewIncidentAsync(tracks: 2);
        var first = await harness.Sync.EpicSyncAsync(incident.Id);
        var deleted = first.TrackIssueNumbers[2];
        harness.Simulator.EditByHand(deleted, i => i.Deleted = true);

        // Act
        var report = await harness.Sync.EpicSyncAsync(incident.Id);

        // Assert
        Assert.NotEqual(deleted, report.TrackIssueNumbers[2]);
        Assert.Equal(1, report.Created);
        Assert.Contains(report.Notes, n => n.Contains("deleted", StringComparison.Ordinal));
        var stored = (await harness.Store.FindAsync(incident.Id))!;
        Assert.Equal(report.TrackIssueNumbers[2], stored.FindTrack(2)!.GitHubIssueNumber);
        Assert.Contains(stored.Timeline, e => e.Kind == "note" && e.Message.Contains($"#{deleted}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EpicSync_BodyAndLabelsEditedByHand_AreRestoredKeepingForeignLabels()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var incident = await harness.NewIncidentAsync(tracks: 1);
        var first = await harness.Sync.EpicSyncAsync(incident.Id);
        var number = first.TrackIssueNumbers[1];
        harness.Simulator.EditByHand(number, i =>
        {
            i.Body = "someone rewrote this";
            i.Labels = ["needs-triage"];
        });

        // Act
        var report = await harness.Sync.EpicSyncAsync(incident.Id);

        // Assert
        var issue = harness.Simulator.Issue(number);
        Assert.Equal(number, report.TrackIssueNumbers[1]);
        Assert.Equal(incident.Id, GitHubMarker.Parse(issue.Body)!.IncidentId);
        Assert.Contains("needs-triage", issue.Labels);
        Assert.Contains("epic:auth-timeout-investigation", issue.Labels);
        Assert.Equal(2, harness.Simulator.Issues().Count);
    }

    [Fact]
    public async Task EpicSync_TrackDoneAndPriorityChanged_ClosesTheIssueAndMovesLabels()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync();
        var incident = await harness.NewIncidentAsync(tracks: 2);
        var first = await harness.Sync.EpicSyncAsync(incident.Id);
        var stored = (await harness.Store.FindAsync(incident.Id))!;
        stored.FindTrack(1)!.State = TrackState.Done;
        stored.Priority = Priority.P1;
        await harness.Store.SaveAsync(stored);

        // Act
        await harness.Sync.EpicSyncAsync(incident.Id);

        // Assert
        var track = harness.Simulator.Issue(first.TrackIssueNumbers[1]);
        var epic = harness.Simulator.Issue(first.EpicIssueNumber!.Value);
        Assert.Equal("closed", track.State);
        Assert.Equal("completed", track.StateReason);
        Assert.Contains("priority:P1", epic.Labels);
        Assert.DoesNotContain("priority:P2", epic.Labels);
        Assert.Contains($"- [x] #{track.Number} ", epic.Body, StringComparison.Ordinal);
        Assert.Contains("(1/2 done)", epic.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EpicSync_ServerWithoutSubIssues_FallsBackToTheTaskList()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync(prepare: s => s.SubIssuesEnabled = false);
        var incident = await harness.NewIncidentAsync(tracks: 2);
        await harness.Sync.EpicSyncAsync(incident.Id);

        // Act
        var report = await harness.Sync.EpicSyncAsync(incident.Id);

        // Assert
        Assert.False(report.SubIssuesSupported);
        var epic = harness.Simulator.Issue(report.EpicIssueNumber!.Value);
        Assert.All(report.TrackIssueNumbers.Values, n => Assert.Contains($"#{n} ", epic.Body, StringComparison.Ordinal));
        Assert.Equal(3, harness.Simulator.Issues().Count);
    }

    [Fact]
    public async Task EpicSync_BadToken_FailsWithAClearMessage()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync(s => s["GitHub:Token"] = "ghp_wrong");
        var incident = await harness.NewIncidentAsync(tracks: 1);

        // Act
        var error = await Assert.ThrowsAsync<GitHubException>(() => harness.Sync.EpicSyncAsync(incident.Id));

        // Assert
        Assert.Contains("401 Bad credentials", error.Message, StringComparison.Ordinal);
        Assert.Contains("GITHUB_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Simulator.Issues());
    }

    [Fact]
    public async Task EpicSync_MissingRepository_FailsWithAClearMessage()
    {
        // Arrange
        await using var harness = await GitHubHarness.StartAsync(s => s["GitHub:Repo"] = "nope");
        var incident = await harness.NewIncidentAsync(tracks: 1);

        // Act
        var error = await Assert.ThrowsAsync<GitHubException>(() => harness.Sync.EpicSyncAsync(incident.Id));

        // Assert
        Assert.Contains("acme/nope was not found (404)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EpicSync_AsGitHubAppInstallation_UsesAnInstallationToken()
    {
        // Arrange
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var keyFile = Path.Combine(Path.GetTempPath(), $"agentops-app-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(keyFile, rsa.ExportRSAPrivateKeyPem());
        try
        {
            await using var harness = await GitHubHarness.StartAsync(
                s =>
                {
                    s["GitHub:Token"] = null;
                    s["GitHub:AppId"] = "4242";
                    s["GitHub:InstallationId"] = "77";
                    s["GitHub:PrivateKeyPath"] = keyFile;
                },
                sim =>
                {
                    sim.Token = "not-used";
                    var publicKey = System.Security.Cryptography.RSA.Create();
                    publicKey.ImportRSAPublicKey(rsa.ExportRSAPublicKey(), out _);
                    sim.App = (4242, 77, publicKey);
                });
            var incident = await harness.NewIncidentAsync(tracks: 1);

            // Act
            var report = await harness.Sync.EpicSyncAsync(incident.Id);

            // Assert
            Assert.Equal(2, report.Created);
            Assert.Single(harness.Simulator.Requests, r => r.Path == "/app/installations/77/access_tokens");
        }
        finally
        {
            File.Delete(keyFile);
        }
    }
}
