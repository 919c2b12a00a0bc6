using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Dispatch;
using AgentOps.Core.Orchestration.Pipeline;

namespace AgentOps.Core.Tests.Orchestration.Pipeline;

public sealed class PipelinePlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NextSteps_NewP1_AcknowledgesFirstAlone()
    {
        // Arrange
        var incident = Incident(Priority.P1, IncidentState.Triaged);

        // Act
        var steps = PipelinePlanner.NextSteps(incident);

        // Assert
        Assert.Equal([PipelineStepKind.Acknowledge], steps.Select(s => s.Kind));
    }

    [Fact]
    public void NextSteps_AcknowledgedP1WithoutTracks_AlertsAndPlansTogether()
    {
        // Arrange
        var incident = Incident(Priority.P1, IncidentState.Triaged);
        Mark(incident, PipelinePlanner.StepEventKind, "acknowledge");

        // Act
        var steps = PipelinePlanner.NextSteps(incident);

        // Assert
        Assert.Equal([PipelineStepKind.Alert, PipelineStepKind.Plan], steps.Select(s => s.Kind));
    }

    [Fact]
    public void NextSteps_AcknowledgedP3WithoutTracks_PlansWithoutAlert()
    {
        // Arrange
        var incident = Incident(Priority.P3, IncidentState.Triaged);
        Mark(incident, PipelinePlanner.FailedEventKind, "acknowledge");

        // Act
        var steps = PipelinePlanner.NextSteps(incident);

        // Assert
        Assert.Equal([PipelineStepKind.Plan], steps.Select(s => s.Kind));
    }

    [Fact]
    public void NextSteps_PlannedIncident_InvestigatesEveryOpenTrackButTheFixInParallel()
    {
        // Arrange
        var incident = Planned(Priority.P2);

        // Act
        var steps = PipelinePlanner.NextSteps(incident);

        // Assert
        Assert.Equal(["track-1", "track-2"], steps.Select(s => s.Key));
        Assert.Equal(["database", "application"], steps.Select(s => s.Skill));
    }

    [Fact]
    public void NextSteps_TracksDoneOrFailed_CorrelatesOnce()
    {
        // Arrange
        var incident = Planned(Priority.P2);
        incident.Tracks[0].State = TrackState.Done;
        Mark(incident, PipelinePlanner.FailedEventKind, "track-2");

        // Act
        var steps = PipelinePlanner.NextSteps(incident);
        Mark(incident, PipelinePlanner.StepEventKind, "correlate");
        var after = PipelinePlanner.NextSteps(incident);

        // Assert
        Assert.Equal([PipelineStepKind.Correlate], steps.Select(s => s.Kind));
        Assert.Empty(after);
    }

    [Fact]
    public void NextSteps_OneTrackStillOpen_DoesNotCorrelateYet()
    {
        // Arrange
        var incident = Planned(Priority.P2);
        incident.Tracks[0].State = TrackState.Done;

        // Act
        var steps = PipelinePlanner.NextSteps(incident);

        // Assert
        Assert.Equal(["track-2"], steps.Select(s => s.Key));
    }

    [Fact]
    public void NextSteps_TrackWaitingForAnUnfinishedDependency_IsNotStarted()
    {
        // Arrange
        var incident = Planned(Priority.P2);
        incident.Tracks[1].DependsOn.Add(1);

        // Act
        var steps = PipelinePlanner.NextSteps(incident);

        // Assert
        Assert.Equal(["track-1"], steps.Select(s => s.Key));
    }

    [Theory]
    [InlineData(IncidentState.PostMortem)]
    [InlineData(IncidentState.Closed)]
    public void NextSteps_IncidentNoLongerActive_IsEmpty(IncidentState state)
    {
        // Act
        var steps = PipelinePlanner.NextSteps(Incident(Priority.P1, state));

        // Assert
        Assert.Empty(steps);
        Assert.False(PipelinePlanner.IsActive(state));
        Assert.False(PipelinePlanner.HasWork(state));
    }

    [Fact]
    public void NextSteps_Resolved_DraftsTheResolutionEmailFirstAndInvestigatesNothing()
    {
        // Arrange
        var incident = Planned(Priority.P1);
        incident.State = IncidentState.Resolved;

        // Act
        var steps = PipelinePlanner.NextSteps(incident);

        // Assert
        Assert.Equal(["resolution"], steps.Select(s => s.Key));
        Assert.Equal("communication", steps[0].Skill);
        Assert.False(PipelinePlanner.IsActive(IncidentState.Resolved));
        Assert.True(PipelinePlanner.HasWork(IncidentState.Resolved));
    }

    [Fact]
    public void NextSteps_ResolvedWithTheResolutionEmailDone_WritesThePostMortemOnce()
    {
        // Arrange
        var incident = Planned(Priority.P2);
        incident.State = IncidentState.Resolved;
        Mark(incident, PipelinePlanner.StepEventKind, "resolution");

        // Act
        var first = PipelinePlanner.NextSteps(incident);
        Mark(incident, PipelinePlanner.StepEventKind, "post-mortem");
        var second = PipelinePlanner.NextSteps(incident);

        // Assert
        Assert.Equal(["post-mortem"], first.Select(s => s.Key));
        Assert.Equal(WorkKind.PostMortem, first[0].WorkKind);
        Assert.Empty(second);
    }

    [Fact]
    public void NextSteps_StepsOnTheTimeline_AreNotDoneAgain()
    {
        // Arrange
        var incident = Incident(Priority.P1, IncidentState.Triaged);
        Mark(incident, PipelinePlanner.StepEventKind, "acknowledge");
        Mark(incident, PipelinePlanner.StepEventKind, "alert");
        Mark(incident, PipelinePlanner.FailedEventKind, "plan");

        // Act
        var steps = PipelinePlanner.NextSteps(incident);

        // Assert
        Assert.Empty(steps);
    }

    private static Incident Incident(Priority priority, IncidentState state) =>
        new() { Id = "INC-2026-0001", Title = "Paiements bloqués", Priority = priority, State = state, CreatedAt = Now };

    private static Incident Planned(Priority priority)
    {
        var incident = Incident(priority, IncidentState.Investigating);
        incident.Tracks.Add(new Track { Number = 1, Kind = TrackKind.Database, Title = "db" });
        incident.Tracks.Add(new Track { Number = 2, Kind = TrackKind.Application, Title = "app" });
        incident.Tracks.Add(new Track { Number = 3, Kind = TrackKind.Fix, Title = "fix", DependsOn = [1, 2] });
        Mark(incident, PipelinePlanner.StepEventKind, "acknowledge");
        Mark(incident, PipelinePlanner.StepEventKind, "plan");
        return incident;
    }

    private static void Mark(Incident incident, string kind, string key) =>
        incident.Record(Now, "agentops", "pipeline", kind, key, new Dictionary<string, string> { [PipelinePlanner.StepKey] = key });
}
