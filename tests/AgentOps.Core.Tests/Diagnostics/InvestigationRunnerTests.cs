using AgentOps.Core.Diagnostics;
using AgentOps.Core.Diagnostics.Context;
using AgentOps.Core.Model;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace AgentOps.Core.Tests.Diagnostics;

public sealed class InvestigationRunnerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task RunAsync_TwoTracks_RecordsFindingsTransitionsAndRootCause()
    {
        // Arrange
        var incident = Incident(TrackKind.Database, TrackKind.Cache);
        var tools = ScriptedTools.With(new Dictionary<string, string>
        {
            ["postgres.connections"] = """{"ok":true,"max_connections":100,"superuser_reserved_connections":3,"client_connections":5,"usage_ratio":0.05}""",
            ["redis.clients"] = """{"ok":false,"error":"connection refused by Redis: ERR max number of clients reached","max_clients_reached":true}""",
        });
        var runner = Runner(new DatabasePlaybook(), new CachePlaybook());

        // Act
        var result = await runner.RunAsync(incident, tools);

        // Assert
        Assert.Equal(FindingCategories.CachePoolExhausted, result.Analysis.Category);
        Assert.Same(result.Analysis, incident.RootCause);
        Assert.All(incident.Tracks, t => Assert.Equal(TrackState.Done, t.State));
        Assert.Equal(FindingCategories.DbOk, Assert.Single(incident.Tracks[0].Findings).Category);
        Assert.Equal(FindingCategories.CachePoolExhausted, Assert.Single(incident.Tracks[1].Findings).Category);
        Assert.Equal(2, incident.Timeline.Count(e => e.Kind == "finding"));
        Assert.Equal(4, incident.Timeline.Count(e => e.Kind == "transition"));
        Assert.Equal("root-cause", incident.Timeline[^1].Kind);
    }

    [Fact]
    public async Task RunAsync_AnalystHangsPastItsBudget_TrackFinishesWithANoteAndOthersComplete()
    {
        // Arrange
        var incident = Incident(TrackKind.Database, TrackKind.Cache);
        var hanging = Substitute.For<ITrackAnalyst>();
        hanging.Kind.Returns(TrackKind.Database);
        hanging.AnalyzeAsync(Arg.Any<TrackContext>(), Arg.Any<CancellationToken>()).Returns(new TaskCompletionSource<IReadOnlyList<Finding>>().Task);
        var tools = ScriptedTools.With(new Dictionary<string, string>
        {
            ["redis.clients"] = """{"ok":true,"connected_clients":3,"maxclients":100,"rejected_connections":0}""",
            ["redis.memory"] = """{"ok":true,"used_memory":1,"maxmemory":0,"evicted_keys":0}""",
            ["redis.slowlog"] = """{"ok":true,"entries":[]}""",
        });
        var runner = Runner(hanging, new CachePlaybook());

        // Act
        var run = runner.RunAsync(incident, tools, new InvestigationOptions { TrackTimeBudget = TimeSpan.FromSeconds(5) });
        await WaitUntilAsync(() => incident.Tracks[1].State == TrackState.Done);
        _time.Advance(TimeSpan.FromSeconds(6));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        Assert.Equal("timed-out", result.Tracks[0].Outcome);
        Assert.Equal("completed", result.Tracks[1].Outcome);
        Assert.All(incident.Tracks, t => Assert.Equal(TrackState.Done, t.State));
        Assert.Contains(incident.Timeline, e => e.Kind == "note" && e.Message.Contains("time budget", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ToolHangsAfterAFirstFinding_KeepsThatFindingWhenTheBudgetRunsOut()
    {
        // Arrange
        var incident = Incident(TrackKind.Database);
        var runner = Runner(new HangsAfterOneFinding());

        // Act
        var run = runner.RunAsync(incident, ScriptedTools.With(new Dictionary<string, string>()), new InvestigationOptions { TrackTimeBudget = TimeSpan.FromSeconds(5) });
        // The budget timer exists once the track runs; advancing until the run ends does not depend on when exactly.
        for (var i = 0; i < 100 && !run.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(6));
            await Task.Delay(20);
        }

        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        Assert.Equal("timed-out", result.Tracks[0].Outcome);
        Assert.Equal(FindingCategories.DbPoolSaturated, Assert.Single(incident.Tracks[0].Findings).Category);
        Assert.Equal(FindingCategories.DbPoolSaturated, result.Analysis.Category);
    }

    [Fact]
    public async Task RunAsync_AnalystThrows_TrackFailsWithANoteAndTheInvestigationFinishes()
    {
        // Arrange
        var incident = Incident(TrackKind.Database);
        var broken = Substitute.For<ITrackAnalyst>();
        broken.Kind.Returns(TrackKind.Database);
        broken.AnalyzeAsync(Arg.Any<TrackContext>(), Arg.Any<CancellationToken>()).Returns<IReadOnlyList<Finding>>(_ => throw new InvalidOperationException("kernel misconfigured"));
        var runner = Runner(broken);

        // Act
        var result = await runner.RunAsync(incident, ScriptedTools.With(new Dictionary<string, string>()));

        // Assert
        Assert.Equal("failed", Assert.Single(result.Tracks).Outcome);
        Assert.Equal("unknown", result.Analysis.Category);
        Assert.Contains(incident.Timeline, e => e.Kind == "note" && e.Message.Contains("kernel misconfigured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_NoAnalystForKind_LeavesTheTrackOpenWithANote()
    {
        // Arrange
        var incident = Incident(TrackKind.Frontend);
        var runner = Runner(new DatabasePlaybook());

        // Act
        var result = await runner.RunAsync(incident, ScriptedTools.With(new Dictionary<string, string>()));

        // Assert
        Assert.Equal("skipped", Assert.Single(result.Tracks).Outcome);
        Assert.Equal(TrackState.Open, incident.Tracks[0].State);
    }

    [Fact]
    public async Task RunAsync_Cancelled_CancelsRunningTracksAndThrows()
    {
        // Arrange
        var incident = Incident(TrackKind.Database);
        var hanging = Substitute.For<ITrackAnalyst>();
        hanging.Kind.Returns(TrackKind.Database);
        hanging.AnalyzeAsync(Arg.Any<TrackContext>(), Arg.Any<CancellationToken>()).Returns(new TaskCompletionSource<IReadOnlyList<Finding>>().Task);
        using var cts = new CancellationTokenSource();
        var runner = Runner(hanging);

        // Act
        var run = runner.RunAsync(incident, ScriptedTools.With(new Dictionary<string, string>()), cancellationToken: cts.Token);
        await WaitUntilAsync(() => incident.Tracks[0].State == TrackState.InProgress);
        await cts.CancelAsync();

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(TrackState.Cancelled, incident.Tracks[0].State);
    }

    private sealed class HangsAfterOneFinding : Playbook
    {
        public override TrackKind Kind => TrackKind.Database;

        protected override async Task RunAsync(TrackContext context, FindingRecorder recorder, CancellationToken cancellationToken)
        {
            recorder.Add(FindingCategories.DbPoolSaturated, "Connections are saturated.", 0.9, "postgres.connections", "18 of 17");
            await new TaskCompletionSource().Task.WaitAsync(cancellationToken);
        }
    }

    [Fact]
    public async Task RunAsync_ToolsScopedToTheIncident_TrackUsesItsOwnToolsAndNotesTheChoice()
    {
        // Arrange
        var incident = Incident(TrackKind.Database);
        var scoped = ScriptedTools.With(new Dictionary<string, string>
        {
            ["postgres.connections"] = """{"ok":true,"max_connections":100,"superuser_reserved_connections":3,"client_connections":5,"usage_ratio":0.05}""",
        });
        var tools = Substitute.For<IToolInvoker, IIncidentScopedTools>();
        ((IIncidentScopedTools)tools).ScopeTo(Arg.Any<IncidentContext>(), Arg.Any<Track>())
            .Returns(c => new ScopedTools(scoped, [$"sources for {c.ArgAt<IncidentContext>(0).IncidentId} track #{c.ArgAt<Track>(1).Number}"]));

        // Act
        await Runner(new DatabasePlaybook()).RunAsync(incident, tools);

        // Assert
        Assert.Equal(FindingCategories.DbOk, Assert.Single(incident.Tracks[0].Findings).Category);
        Assert.Contains(incident.Timeline, e => e.Kind == "note" && e.Message == "sources for INC-2026-0001 track #1" && e.Data["track"] == "1");
        await tools.DidNotReceiveWithAnyArgs().InvokeAsync(default!, default!, default!, default);
    }

    [Fact]
    public async Task RunAsync_ScopingThrows_TrackUsesTheToolsAsTheyAreAndSaysWhy()
    {
        // Arrange
        var incident = Incident(TrackKind.Database);
        var tools = Substitute.For<IToolInvoker, IIncidentScopedTools>();
        ((IIncidentScopedTools)tools).ScopeTo(Arg.Any<IncidentContext>(), Arg.Any<Track>()).Returns(_ => throw new InvalidOperationException("bad tags"));
        tools.Has("postgres", "connections").Returns(true);
        tools.InvokeAsync("postgres", "connections", Arg.Any<IReadOnlyDictionary<string, object?>>(), Arg.Any<CancellationToken>())
            .Returns("""{"ok":true,"max_connections":100,"superuser_reserved_connections":3,"client_connections":5,"usage_ratio":0.05}""");

        // Act
        await Runner(new DatabasePlaybook()).RunAsync(incident, tools);

        // Assert
        Assert.Equal(TrackState.Done, incident.Tracks[0].State);
        Assert.Contains(incident.Timeline, e => e.Kind == "note" && e.Message.Contains("(bad tags)", StringComparison.Ordinal));
    }

    private InvestigationRunner Runner(params ITrackAnalyst[] analysts) => new(analysts, new RootCauseCorrelator(), _time);

    private Incident Incident(params TrackKind[] kinds)
    {
        var incident = new Incident { Id = "INC-2026-0001", Title = "auth timeouts", CreatedAt = _time.GetUtcNow() };
        for (var i = 0; i < kinds.Length; i++)
        {
            incident.Tracks.Add(new Track { Number = i + 1, Kind = kinds[i], Title = kinds[i].ToString() });
        }

        return incident;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
