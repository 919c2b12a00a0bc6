using AgentOps.Core.Model;
using AgentOps.Core.Orchestration;
using Microsoft.Extensions.Time.Testing;

namespace AgentOps.Core.Tests.Orchestration;

public sealed class TrackStateMachineTests
{
    private static readonly TransitionContext Agent = new("agent:database", "system");
    private static readonly TransitionContext WithReason = new("alice", "cli", "waiting for DBA access");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    private static (Incident Incident, Track Track) NewTrack(TrackState state, params int[] dependsOn)
    {
        var incident = new Incident { Id = "INC-2026-0007", Title = "Auth timeouts", CreatedAt = DateTimeOffset.UnixEpoch };
        var track = new Track { Number = 3, Kind = TrackKind.Database, Title = "DB sessions", State = state };
        track.DependsOn.AddRange(dependsOn);
        incident.Tracks.Add(track);
        return (incident, track);
    }

    public static TheoryData<TrackState, TrackTrigger, bool, TrackState> Transitions => new()
    {
        { TrackState.Open, TrackTrigger.Start, false, TrackState.InProgress },
        { TrackState.Open, TrackTrigger.Block, true, TrackState.Blocked },
        { TrackState.Open, TrackTrigger.Cancel, true, TrackState.Cancelled },
        { TrackState.InProgress, TrackTrigger.Block, true, TrackState.Blocked },
        { TrackState.InProgress, TrackTrigger.Complete, false, TrackState.Done },
        { TrackState.InProgress, TrackTrigger.Cancel, true, TrackState.Cancelled },
        { TrackState.Blocked, TrackTrigger.Unblock, false, TrackState.InProgress },
        { TrackState.Blocked, TrackTrigger.Cancel, true, TrackState.Cancelled },
        { TrackState.Done, TrackTrigger.Reopen, false, TrackState.Open },
        { TrackState.Cancelled, TrackTrigger.Reopen, false, TrackState.Open },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Fire_AllowedTrigger_MovesTrackAndRecordsOnIncidentTimeline(TrackState from, TrackTrigger trigger, bool reason, TrackState to)
    {
        // Arrange
        var (incident, track) = NewTrack(from);
        var machine = new TrackStateMachine(incident, track, _time);

        // Act
        machine.Fire(trigger, reason ? WithReason : Agent);

        // Assert
        Assert.Equal(to, track.State);
        var evt = Assert.Single(incident.Timeline);
        Assert.Equal("3", evt.Data["track"]);
        Assert.Equal(to.ToString(), evt.Data["to"]);
        Assert.Equal(reason ? "alice" : "agent:database", evt.Actor);
        Assert.Equal(reason ? "waiting for DBA access" : null, track.StateReason);
    }

    [Theory]
    [InlineData(TrackState.Open, TrackTrigger.Block)]
    [InlineData(TrackState.Open, TrackTrigger.Cancel)]
    [InlineData(TrackState.InProgress, TrackTrigger.Block)]
    [InlineData(TrackState.Blocked, TrackTrigger.Cancel)]
    public void Fire_BlockOrCancelWithoutReason_IsRefused(TrackState from, TrackTrigger trigger)
    {
        // Arrange
        var (incident, track) = NewTrack(from);
        var machine = new TrackStateMachine(incident, track, _time);

        // Act & Assert
        Assert.Throws<InvalidTransitionException>(() => machine.Fire(trigger, Agent));
        Assert.Equal(from, track.State);
        Assert.Empty(incident.Timeline);
    }

    [Fact]
    public void Fire_StartWithPendingDependency_IsRefusedNamingTheDependency()
    {
        // Arrange
        var (incident, track) = NewTrack(TrackState.Open, 1);
        incident.Tracks.Add(new Track { Number = 1, Kind = TrackKind.Monitoring, Title = "Monitoring", State = TrackState.InProgress });
        var machine = new TrackStateMachine(incident, track, _time);

        // Act
        var ex = Assert.Throws<InvalidTransitionException>(() => machine.Fire(TrackTrigger.Start, Agent));

        // Assert
        Assert.Contains("#1", ex.Message, StringComparison.Ordinal);
        Assert.Equal(TrackState.Open, track.State);
    }

    [Fact]
    public void Fire_StartWithAllDependenciesDone_Starts()
    {
        // Arrange
        var (incident, track) = NewTrack(TrackState.Open, 1);
        incident.Tracks.Add(new Track { Number = 1, Kind = TrackKind.Monitoring, Title = "Monitoring", State = TrackState.Done });
        var machine = new TrackStateMachine(incident, track, _time);

        // Act
        machine.Fire(TrackTrigger.Start, Agent);

        // Assert
        Assert.Equal(TrackState.InProgress, track.State);
    }

    [Theory]
    [InlineData(TrackState.Done, TrackTrigger.Start)]
    [InlineData(TrackState.Cancelled, TrackTrigger.Complete)]
    [InlineData(TrackState.Open, TrackTrigger.Complete)]
    [InlineData(TrackState.Blocked, TrackTrigger.Complete)]
    public void Fire_TriggerNotConfigured_NamesStateAndAllowedTriggers(TrackState from, TrackTrigger trigger)
    {
        // Arrange
        var (incident, track) = NewTrack(from);
        var machine = new TrackStateMachine(incident, track, _time);

        // Act
        var ex = Assert.Throws<InvalidTransitionException>(() => machine.Fire(trigger, Agent));

        // Assert
        Assert.Equal(from.ToString(), ex.CurrentState);
        Assert.Contains("Allowed now:", ex.Message, StringComparison.Ordinal);
        Assert.Equal(from, track.State);
    }
}
