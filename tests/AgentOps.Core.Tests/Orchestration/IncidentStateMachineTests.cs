using AgentOps.Core.Model;
using AgentOps.Core.Orchestration;
using Microsoft.Extensions.Time.Testing;

namespace AgentOps.Core.Tests.Orchestration;

public sealed class IncidentStateMachineTests
{
    private static readonly TransitionContext Alice = new("alice", "cli");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    private static Incident NewIncident(Priority priority = Priority.P1, IncidentState state = IncidentState.New) => new()
    {
        Id = "INC-2026-0001",
        Title = "Paiements bloqués",
        Priority = priority,
        State = state,
        CreatedAt = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero),
    };

    public static TheoryData<IncidentState, IncidentTrigger, IncidentState> PlainTransitions => new()
    {
        { IncidentState.New, IncidentTrigger.Triage, IncidentState.Triaged },
        { IncidentState.New, IncidentTrigger.Investigate, IncidentState.Investigating },
        { IncidentState.Triaged, IncidentTrigger.Investigate, IncidentState.Investigating },
        { IncidentState.Triaged, IncidentTrigger.Mitigate, IncidentState.Mitigating },
        { IncidentState.Triaged, IncidentTrigger.Resolve, IncidentState.Resolved },
        { IncidentState.Investigating, IncidentTrigger.Mitigate, IncidentState.Mitigating },
        { IncidentState.Investigating, IncidentTrigger.Resolve, IncidentState.Resolved },
        { IncidentState.Mitigating, IncidentTrigger.Investigate, IncidentState.Investigating },
        { IncidentState.Mitigating, IncidentTrigger.Resolve, IncidentState.Resolved },
        { IncidentState.Resolved, IncidentTrigger.StartPostMortem, IncidentState.PostMortem },
        { IncidentState.Resolved, IncidentTrigger.Reopen, IncidentState.Investigating },
        { IncidentState.PostMortem, IncidentTrigger.Reopen, IncidentState.Investigating },
    };

    [Theory]
    [MemberData(nameof(PlainTransitions))]
    public void Fire_AllowedTrigger_MovesStateAndRecordsTimelineEvent(IncidentState from, IncidentTrigger trigger, IncidentState to)
    {
        // Arrange
        var incident = NewIncident(state: from);
        var machine = new IncidentStateMachine(incident, _time);

        // Act
        machine.Fire(trigger, Alice);

        // Assert
        Assert.Equal(to, incident.State);
        var evt = Assert.Single(incident.Timeline);
        Assert.Equal("alice", evt.Actor);
        Assert.Equal("cli", evt.Source);
        Assert.Equal("transition", evt.Kind);
        Assert.Equal(from.ToString(), evt.Data["from"]);
        Assert.Equal(to.ToString(), evt.Data["to"]);
        Assert.Equal(_time.GetUtcNow(), evt.At);
    }

    [Fact]
    public void FireOnce_ManyIncidentsOnOneThreadAndARefusal_EachMovesAsWithItsOwnMachine()
    {
        // Arrange
        var first = NewIncident();
        var resolved = NewIncident(state: IncidentState.Resolved);
        var second = NewIncident();

        // Act
        IncidentStateMachine.FireOnce(first, _time, IncidentTrigger.Triage, Alice);
        var refused = Record.Exception(() => IncidentStateMachine.FireOnce(resolved, _time, IncidentTrigger.Triage, Alice));
        IncidentStateMachine.FireOnce(second, _time, IncidentTrigger.Investigate, Alice);
        IncidentStateMachine.FireOnce(second, _time, IncidentTrigger.Resolve, Alice);

        // Assert
        Assert.Equal(IncidentState.Triaged, first.State);
        Assert.Equal("Triaged", Assert.Single(first.Timeline).Data["to"]);
        Assert.IsType<InvalidTransitionException>(refused);
        Assert.Equal(IncidentState.Resolved, resolved.State);
        Assert.Empty(resolved.Timeline);
        Assert.Equal(IncidentState.Resolved, second.State);
        Assert.Equal(_time.GetUtcNow(), second.ResolvedAt);
        Assert.Equal(["Investigating", "Resolved"], second.Timeline.Select(e => e.Data["to"]));
    }

    [Theory]
    [InlineData(IncidentState.Triaged)]
    [InlineData(IncidentState.Investigating)]
    [InlineData(IncidentState.Mitigating)]
    public void Fire_ResolveWithTrackInProgress_IsRefusedAndNothingChanges(IncidentState from)
    {
        // Arrange
        var incident = NewIncident(state: from);
        incident.Tracks.Add(new Track { Number = 2, Kind = TrackKind.Database, Title = "DB", State = TrackState.InProgress });
        var machine = new IncidentStateMachine(incident, _time);

        // Act
        var ex = Assert.Throws<InvalidTransitionException>(() => machine.Fire(IncidentTrigger.Resolve, Alice));

        // Assert
        Assert.Equal(from, incident.State);
        Assert.Empty(incident.Timeline);
        Assert.Contains(from.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains("#2 Database", ex.Message, StringComparison.Ordinal);
        Assert.Contains("force-resolve", ex.AllowedTriggers);
    }

    [Theory]
    [InlineData(IncidentState.Triaged)]
    [InlineData(IncidentState.Investigating)]
    [InlineData(IncidentState.Mitigating)]
    public void Fire_ForceResolveWithReason_ResolvesDespiteTrackInProgress(IncidentState from)
    {
        // Arrange
        var incident = NewIncident(state: from);
        incident.Tracks.Add(new Track { Number = 1, Kind = TrackKind.Cache, Title = "Redis", State = TrackState.InProgress });
        var machine = new IncidentStateMachine(incident, _time);

        // Act
        machine.Fire(IncidentTrigger.ForceResolve, new TransitionContext("bob", "chat", "fix deployed, track abandoned"));

        // Assert
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Equal(_time.GetUtcNow(), incident.ResolvedAt);
        Assert.Equal("fix deployed, track abandoned", incident.Timeline[^1].Data["reason"]);
    }

    [Fact]
    public void Fire_ForceResolveWithoutReason_IsRefused()
    {
        // Arrange
        var incident = NewIncident(state: IncidentState.Investigating);
        var machine = new IncidentStateMachine(incident, _time);

        // Act
        var ex = Assert.Throws<InvalidTransitionException>(() => machine.Fire(IncidentTrigger.ForceResolve, Alice));

        // Assert
        Assert.Equal(IncidentState.Investigating, incident.State);
        Assert.Contains("a reason is given", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Priority.P1)]
    [InlineData(Priority.P2)]
    public void Fire_CloseHighPriorityWithoutPostMortem_IsRefused(Priority priority)
    {
        // Arrange
        var incident = NewIncident(priority, IncidentState.Resolved);
        var machine = new IncidentStateMachine(incident, _time);

        // Act
        var ex = Assert.Throws<InvalidTransitionException>(() => machine.Fire(IncidentTrigger.Close, Alice));

        // Assert
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Contains("post-mortem", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Priority.P3)]
    [InlineData(Priority.P4)]
    public void Fire_CloseLowPriorityWithoutPostMortem_Closes(Priority priority)
    {
        // Arrange
        var incident = NewIncident(priority, IncidentState.Resolved);
        var machine = new IncidentStateMachine(incident, _time);

        // Act
        machine.Fire(IncidentTrigger.Close, Alice);

        // Assert
        Assert.Equal(IncidentState.Closed, incident.State);
        Assert.Equal(_time.GetUtcNow(), incident.ClosedAt);
    }

    [Fact]
    public void Fire_CloseFromPostMortemWithReport_Closes()
    {
        // Arrange
        var incident = NewIncident(Priority.P1, IncidentState.PostMortem);
        incident.PostMortem = new PostMortemReport("# PM", "# Runbook", _time.GetUtcNow());
        var machine = new IncidentStateMachine(incident, _time);

        // Act
        machine.Fire(IncidentTrigger.Close, Alice);

        // Assert
        Assert.Equal(IncidentState.Closed, incident.State);
    }

    [Fact]
    public void Fire_CloseFromPostMortemWithoutReport_IsRefused()
    {
        // Arrange
        var incident = NewIncident(Priority.P1, IncidentState.PostMortem);
        var machine = new IncidentStateMachine(incident, _time);

        // Act & Assert
        Assert.Throws<InvalidTransitionException>(() => machine.Fire(IncidentTrigger.Close, Alice));
        Assert.Equal(IncidentState.PostMortem, incident.State);
    }

    [Theory]
    [InlineData(IncidentState.Resolved)]
    [InlineData(IncidentState.PostMortem)]
    public void Fire_CloseWithoutPostMortemWithReason_ClosesAndRecordsWaiver(IncidentState from)
    {
        // Arrange
        var incident = NewIncident(Priority.P1, from);
        var machine = new IncidentStateMachine(incident, _time);

        // Act
        machine.Fire(IncidentTrigger.CloseWithoutPostMortem, new TransitionContext("carol", "github", "duplicate of INC-2026-0002"));

        // Assert
        Assert.Equal(IncidentState.Closed, incident.State);
        Assert.Equal("duplicate of INC-2026-0002", incident.PostMortemWaiver);
    }

    [Fact]
    public void Fire_CloseWithoutPostMortemWithoutReason_IsRefused()
    {
        // Arrange
        var incident = NewIncident(Priority.P1, IncidentState.Resolved);
        var machine = new IncidentStateMachine(incident, _time);

        // Act & Assert
        Assert.Throws<InvalidTransitionException>(() => machine.Fire(IncidentTrigger.CloseWithoutPostMortem, Alice));
        Assert.Null(incident.PostMortemWaiver);
    }

    [Fact]
    public void Fire_ReopenClosedWithReason_GoesBackToInvestigatingAndClearsResolution()
    {
        // Arrange
        var incident = NewIncident(Priority.P3, IncidentState.Resolved);
        var machine = new IncidentStateMachine(incident, _time);
        machine.Fire(IncidentTrigger.Close, Alice);

        // Act
        machine.Fire(IncidentTrigger.Reopen, new TransitionContext("alice", "cli", "errors are back"));

        // Assert
        Assert.Equal(IncidentState.Investigating, incident.State);
        Assert.Null(incident.ResolvedAt);
        Assert.Null(incident.ClosedAt);
    }

    [Fact]
    public void Fire_ReopenClosedWithoutReason_IsRefused()
    {
        // Arrange
        var incident = NewIncident(Priority.P3, IncidentState.Closed);
        var machine = new IncidentStateMachine(incident, _time);

        // Act & Assert
        Assert.Throws<InvalidTransitionException>(() => machine.Fire(IncidentTrigger.Reopen, Alice));
        Assert.Equal(IncidentState.Closed, incident.State);
    }

    [Theory]
    [InlineData(IncidentState.New)]
    [InlineData(IncidentState.Triaged)]
    [InlineData(IncidentState.Investigating)]
    [InlineData(IncidentState.Mitigating)]
    public void Fire_EscalateInActiveState_RaisesLevelAndKeepsState(IncidentState state)
    {
        // Arrange
        var incident = NewIncident(state: state);
        var machine = new IncidentStateMachine(incident, _time);

        // Act
        machine.Fire(IncidentTrigger.Escalate, new TransitionContext("scheduler", "sla"));
        machine.Fire(IncidentTrigger.Escalate, new TransitionContext("scheduler", "sla"));

        // Assert
        Assert.Equal(state, incident.State);
        Assert.Equal(2, incident.EscalationLevel);
        Assert.Equal(2, incident.Timeline.Count);
        Assert.Equal("2", incident.Timeline[^1].Data["level"]);
    }

    [Theory]
    [InlineData(IncidentState.New)]
    [InlineData(IncidentState.Triaged)]
    [InlineData(IncidentState.Investigating)]
    [InlineData(IncidentState.Mitigating)]
    public void Fire_AcknowledgeInActiveState_SetsAcknowledgedOnce(IncidentState state)
    {
        // Arrange
        var incident = NewIncident(state: state);
        var machine = new IncidentStateMachine(incident, _time);

        // Act
        machine.Fire(IncidentTrigger.Acknowledge, Alice);

        // Assert
        Assert.Equal(state, incident.State);
        Assert.Equal(_time.GetUtcNow(), incident.AcknowledgedAt);
        Assert.Single(incident.Timeline);
        Assert.Throws<InvalidTransitionException>(() => machine.Fire(IncidentTrigger.Acknowledge, Alice));
    }

    [Theory]
    [InlineData(IncidentState.Resolved, IncidentTrigger.Escalate)]
    [InlineData(IncidentState.Closed, IncidentTrigger.Triage)]
    [InlineData(IncidentState.New, IncidentTrigger.Close)]
    [InlineData(IncidentState.Closed, IncidentTrigger.Acknowledge)]
    public void Fire_TriggerNotConfigured_NamesCurrentStateAndAllowedTriggers(IncidentState state, IncidentTrigger trigger)
    {
        // Arrange
        var incident = NewIncident(state: state);
        var machine = new IncidentStateMachine(incident, _time);

        // Act
        var ex = Assert.Throws<InvalidTransitionException>(() => machine.Fire(trigger, Alice));

        // Assert
        Assert.Equal(state.ToString(), ex.CurrentState);
        Assert.Contains($"it is {state}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Allowed now:", ex.Message, StringComparison.Ordinal);
        Assert.Equal(state, incident.State);
        Assert.Empty(incident.Timeline);
    }

    [Fact]
    public void ConfiguredTriggers_InResolved_ListsPostMortemCloseAndReopen()
    {
        // Arrange
        var machine = new IncidentStateMachine(NewIncident(state: IncidentState.Resolved), _time);

        // Act
        var triggers = machine.ConfiguredTriggers;

        // Assert
        Assert.Equal(
            [IncidentTrigger.StartPostMortem, IncidentTrigger.Close, IncidentTrigger.CloseWithoutPostMortem, IncidentTrigger.Reopen],
            triggers);
    }
}
