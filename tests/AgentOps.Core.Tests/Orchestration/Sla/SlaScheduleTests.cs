using AgentOps.Core.Model;
using AgentOps.Core.Orchestration;
using AgentOps.Core.Orchestration.Sla;

namespace AgentOps.Core.Tests.Orchestration.Sla;

public sealed class SlaScheduleTests
{
    private readonly EscalationMatrix _matrix = SlaTestData.Matrix();

    [Fact]
    public void Plan_NewP1_RemindsAndPagesAtTheAcknowledgementDeadline()
    {
        // Arrange
        var incident = SlaTestData.Incident();

        // Act
        var plan = SlaSchedule.Plan(incident, _matrix, SlaTestData.Start);

        // Assert
        Assert.Equal(
            [
                ("ack-reminder", SlaTestData.Start.AddMinutes(5)),
                ("page-1", SlaTestData.Start.AddMinutes(15)),
                ("resolve-reminder", SlaTestData.Start.AddHours(4).AddMinutes(-10)),
                ("resolve-breach", SlaTestData.Start.AddHours(4)),
            ],
            plan.Select(t => (t.Step, t.DueAt)));
    }

    [Fact]
    public void Plan_Acknowledged_KeepsOnlyTheResolutionTimers()
    {
        // Arrange
        var incident = SlaTestData.Incident();
        incident.AcknowledgedAt = SlaTestData.Start.AddMinutes(3);

        // Act
        var plan = SlaSchedule.Plan(incident, _matrix, SlaTestData.Start.AddMinutes(3));

        // Assert
        Assert.Equal(["resolve-reminder", "resolve-breach"], plan.Select(t => t.Step));
    }

    [Theory]
    [InlineData(IncidentState.Resolved)]
    [InlineData(IncidentState.PostMortem)]
    [InlineData(IncidentState.Closed)]
    public void Plan_NotActive_IsEmpty(IncidentState state)
    {
        // Arrange
        var incident = SlaTestData.Incident();
        incident.State = state;

        // Act
        var plan = SlaSchedule.Plan(incident, _matrix, SlaTestData.Start);

        // Assert
        Assert.Empty(plan);
    }

    [Fact]
    public void Plan_NoSla_IsEmpty()
    {
        // Arrange
        var incident = SlaTestData.Incident();
        incident.Sla = null;

        // Act
        var plan = SlaSchedule.Plan(incident, _matrix, SlaTestData.Start);

        // Assert
        Assert.Empty(plan);
    }

    [Fact]
    public void Plan_TwoPagesDone_SchedulesTheThirdAfterTheSecondLevelsDelay()
    {
        // Arrange
        var incident = SlaTestData.Incident();
        var at = SlaTestData.Start.AddMinutes(20);
        incident.Record(at, "scheduler", "sla", "sla", "reminder", new Dictionary<string, string> { [SlaSchedule.StepDataKey] = "ack-reminder" });
        incident.Record(at, "scheduler", "sla", "escalation", "page 1", new Dictionary<string, string> { [SlaSchedule.StepDataKey] = "page-1" });
        incident.Record(at, "scheduler", "sla", "escalation", "page 2", new Dictionary<string, string> { [SlaSchedule.StepDataKey] = "page-2" });

        // Act
        var plan = SlaSchedule.Plan(incident, _matrix, at);

        // Assert: page 1 at +15 min, page 2 five minutes later (level 1), page 3 fifteen minutes after that (level 2).
        var page = Assert.Single(plan, t => t.Kind == SlaTimerKind.Page);
        Assert.Equal(3, page.Page);
        Assert.Equal(SlaTestData.Start.AddMinutes(35), page.DueAt);
        Assert.DoesNotContain(plan, t => t.Kind == SlaTimerKind.AcknowledgeReminder);
    }

    [Fact]
    public void Plan_ReminderDeadlineAlreadyPassed_SkipsTheReminder()
    {
        // Arrange
        var incident = SlaTestData.Incident();

        // Act
        var plan = SlaSchedule.Plan(incident, _matrix, SlaTestData.Start.AddMinutes(16));

        // Assert
        Assert.DoesNotContain(plan, t => t.Kind == SlaTimerKind.AcknowledgeReminder);
        Assert.Contains(plan, t => t.Step == "page-1");
    }

    [Theory]
    [InlineData("ack-reminder", SlaTimerKind.AcknowledgeReminder, 0)]
    [InlineData("page-12", SlaTimerKind.Page, 12)]
    [InlineData("resolve-reminder", SlaTimerKind.ResolveReminder, 0)]
    [InlineData("resolve-breach", SlaTimerKind.ResolveBreach, 0)]
    public void TryParseStep_StepKey_RoundTrips(string step, SlaTimerKind kind, int page)
    {
        // Act
        var ok = SlaTimer.TryParseStep(step, out var parsedKind, out var parsedPage);

        // Assert
        Assert.True(ok);
        Assert.Equal((kind, page), (parsedKind, parsedPage));
        Assert.Equal(step, SlaTimer.StepKey(kind, page));
    }

    [Theory]
    [InlineData("page-0")]
    [InlineData("page-x")]
    [InlineData("reboot")]
    public void TryParseStep_NotAStep_ReturnsFalse(string step)
    {
        // Act
        var ok = SlaTimer.TryParseStep(step, out _, out _);

        // Assert
        Assert.False(ok);
    }

    [Fact]
    public void IsActive_EveryState_MatchesTheStateMachineEscalationStates()
    {
        // Arrange: escalation is an internal transition of exactly the active states.
        var active = Enum.GetValues<IncidentState>().Where(s =>
        {
            var incident = SlaTestData.Incident();
            incident.State = s;
            return new IncidentStateMachine(incident, TimeProvider.System).ConfiguredTriggers.Contains(IncidentTrigger.Escalate);
        });

        // Act
        var fromSchedule = Enum.GetValues<IncidentState>().Where(SlaSchedule.IsActive);

        // Assert
        Assert.Equal(active, fromSchedule);
    }
}
