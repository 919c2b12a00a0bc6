using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Pipeline;
using AgentOps.Host.Demo;
using AgentOps.Host.Tests.Cli;
using AgentOps.Infrastructure.LocalServers;
using AgentOps.Infrastructure.Storage;

namespace AgentOps.Host.Tests.Server;

/// <summary><c>agentops serve</c> on embedded defaults runs the pipeline by itself: an email dropped in the inbox ends investigated and acknowledged.</summary>
public sealed class ServePipelineTests : IAsyncLifetime
{
    private readonly CliRun _cli = new();
    private readonly CancellationTokenSource _stop = new();
    private Task<(int ExitCode, string Output, string Error)>? _server;

    private string Inbox => Path.Combine(_cli.WorkingDirectory, "inbox");

    private string DatabasePath => Path.Combine(_cli.WorkingDirectory, "data", "agentops.db");

    public async Task InitializeAsync()
    {
        // The repository's settings: client-existant.fr is an enterprise customer with a 4 h P1 SLA, P1/P2 acknowledged automatically.
        File.Copy(Path.Combine(RepositoryRoot(), "appsettings.json"), Path.Combine(_cli.WorkingDirectory, "appsettings.json"));
        _cli.Settings["Mail:PollInterval"] = "00:00:00.200";
        _cli.Settings["Pipeline:PollInterval"] = "00:00:00.200";
        var port = FreePort.Next();
        _server = _cli.RunAsync(_stop.Token, "serve", "--urls", $"http://127.0.0.1:{port}");
        var listening = FreePort.WaitForListenerAsync(port, TimeSpan.FromSeconds(30));
        if (await Task.WhenAny(listening, _server) == _server)
        {
            var (code, _, error) = await _server;
            throw new InvalidOperationException($"serve exited with {code}: {error}");
        }

        await listening;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_server is not null)
        {
            await _server;
        }

        _cli.Dispose();
    }

    [Fact]
    public async Task Serve_Seed004EmailDroppedInTheInbox_IsTriagedP1InvestigatedAcknowledgedAndOnceResolvedGetsItsResolutionEmailAndPostMortem()
    {
        // Arrange
        Directory.CreateDirectory(Inbox);
        var draft = Path.Combine(Inbox, "paiements.tmp");
        await File.WriteAllBytesAsync(draft, PaymentHotfixScenario.Email(DateTimeOffset.UtcNow));

        // Act: the writer renames the finished file to .eml, as the drop folder asks.
        File.Move(draft, Path.Combine(Inbox, "paiements.eml"));

        // Assert
        await using var store = SqlIncidentStore.ForSqlite(DatabasePath);
        var incident = await EventuallyAsync(async () =>
        {
            var found = (await store.ListAsync(new Core.Persistence.IncidentQuery { Limit = 10 })).SingleOrDefault();
            return found is not null && PipelinePlanner.RecordedSteps(found).Contains("correlate") ? found : null;
        }, TimeSpan.FromSeconds(25));
        Assert.Equal(Priority.P1, incident.Priority);
        Assert.Equal(IncidentState.Investigating, incident.State);
        var investigated = incident.Tracks.Where(t => t.Kind != TrackKind.Fix).ToList();
        Assert.NotEmpty(investigated);
        Assert.All(investigated, t => Assert.Equal(TrackState.Done, t.State));
        Assert.NotNull(incident.RootCause);
        var steps = incident.Timeline.Where(e => e.Kind == PipelinePlanner.StepEventKind).Select(e => e.Data[PipelinePlanner.StepKey]).ToList();
        Assert.Equal(steps.Distinct().Count(), steps.Count);
        Assert.Contains("acknowledge", steps);
        Assert.Contains("plan", steps);
        Assert.All(investigated, t => Assert.Contains($"track-{t.Number}", steps));
        Assert.Contains(incident.Timeline, e => e.Kind == "root-cause");
        var ack = Assert.Single(incident.Communications, c => c.Kind == CommunicationKind.Acknowledgement);
        Assert.Contains(await store.ListOutboxAsync(incident.Id), m => m.Id == $"OUT-{ack.Id}");
        Assert.True(File.Exists(Path.Combine(Inbox, "processed", "paiements.eml")));

        // Then a person fixes it and resolves the incident (as `pm issue-close` and `pm incident-transition ... resolve` do).
        await ResolveAsync(store, incident.Id);
        var closedOut = await EventuallyAsync(async () =>
            await store.FindAsync(incident.Id) is { PostMortem: not null } found && PipelinePlanner.RecordedSteps(found).Contains("post-mortem") ? found : null,
            TimeSpan.FromSeconds(25));
        Assert.Equal(IncidentState.PostMortem, closedOut.State);
        Assert.Single(closedOut.Communications, c => c.Kind == CommunicationKind.Resolution);
        Assert.Contains(closedOut.Timeline, e => e.Kind == PipelinePlanner.StepEventKind && e.Data[PipelinePlanner.StepKey] == "resolution");
        Assert.True(File.Exists(Path.Combine(_cli.WorkingDirectory, "docs", "incidents", $"{incident.Id}.md")),
            string.Join(", ", Directory.EnumerateFiles(_cli.WorkingDirectory, "*.md", SearchOption.AllDirectories)));
    }

    private static async Task ResolveAsync(SqlIncidentStore store, string id)
    {
        for (var attempt = 1; ; attempt++)
        {
            var incident = (await store.FindAsync(id))!;
            foreach (var track in incident.Tracks.Where(t => t.State is not (TrackState.Done or TrackState.Cancelled)))
            {
                var machine = new Core.Orchestration.TrackStateMachine(incident, track, TimeProvider.System);
                if (track.State == TrackState.Open)
                {
                    machine.Fire(TrackTrigger.Start, new Core.Orchestration.TransitionContext("alice", "cli"));
                }

                machine.Fire(TrackTrigger.Complete, new Core.Orchestration.TransitionContext("alice", "cli"));
            }

            var incidentMachine = new Core.Orchestration.IncidentStateMachine(incident, TimeProvider.System);
            incidentMachine.Fire(IncidentTrigger.Mitigate, new Core.Orchestration.TransitionContext("alice", "cli"));
            incidentMachine.Fire(IncidentTrigger.Resolve, new Core.Orchestration.TransitionContext("alice", "cli", "new Stripe key deployed"));
            try
            {
                await store.SaveAsync(incident, null);
                return;
            }
            catch (Core.Persistence.ConcurrencyException) when (attempt < 10)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan timeout)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Not reached within {timeout.TotalSeconds} s.");
            await Task.Delay(100);
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AgentOps.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("AgentOps.sln not found.");
    }
}
