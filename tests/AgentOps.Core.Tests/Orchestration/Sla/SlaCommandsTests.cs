using AgentOps.Core.Commands;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Sla;

namespace AgentOps.Core.Tests.Orchestration.Sla;

public sealed class SlaCommandsTests : SlaTestBase
{
    private static readonly CommandActor Alice = new("alice", "cli");
    private readonly SlaCommands _commands;

    public SlaCommandsTests()
    {
        _commands = new SlaCommands(Store, Matrix, Timers, Time);
    }

    [Fact]
    public async Task AcknowledgeAsync_Unacknowledged_StopsThePaging()
    {
        // Arrange
        var incident = SlaTestData.Incident();
        await Store.SaveAsync(incident);
        await Timers.SyncAsync(incident);
        Time.Advance(TimeSpan.FromMinutes(4));

        // Act
        var result = await _commands.AcknowledgeAsync("inc-2026-0001", Alice);

        // Assert
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("paging stopped", result.Text, StringComparison.Ordinal);
        var saved = (await Store.FindAsync("INC-2026-0001"))!;
        Assert.Equal(SlaTestData.Start.AddMinutes(4), saved.AcknowledgedAt);
        Assert.Equal(("alice", "cli"), (saved.Timeline[^1].Actor, saved.Timeline[^1].Source));
        Assert.Equal(["resolve-reminder", "resolve-breach"], Timers.For("INC-2026-0001").Select(t => t.Step));
    }

    [Fact]
    public async Task AcknowledgeAsync_AlreadyAcknowledged_FailsWithTheReason()
    {
        // Arrange
        await Store.SaveAsync(SlaTestData.Incident());
        await _commands.AcknowledgeAsync("INC-2026-0001", Alice);

        // Act
        var result = await _commands.AcknowledgeAsync("INC-2026-0001", new CommandActor("bob", "chat"));

        // Assert
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not yet acknowledged", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcknowledgeAsync_UnknownIncident_Fails()
    {
        // Act
        var result = await _commands.AcknowledgeAsync("INC-2026-0404", Alice);

        // Assert
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("No incident INC-2026-0404", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EscalateAsync_ByHand_RaisesTheLevelAndAlertsItsTargets()
    {
        // Arrange
        await Store.SaveAsync(SlaTestData.Incident());

        // Act
        var first = await _commands.EscalateAsync("INC-2026-0001", "client furieux", Alice);
        var second = await _commands.EscalateAsync("INC-2026-0001", null, Alice);

        // Assert
        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Equal("INC-2026-0001 escalated to level 2; alerted support.", second.Text);
        var saved = (await Store.FindAsync("INC-2026-0001"))!;
        Assert.Equal(2, saved.EscalationLevel);
        Assert.Contains(saved.Timeline, e => e.Data.GetValueOrDefault("reason") == "client furieux");
        Assert.Equal(2, (await Store.ListOutboxAsync()).Count(m => m.Kind == SlaAlert.OutboxKind));
    }

    [Fact]
    public async Task EscalateAsync_ClosedIncident_FailsAndChangesNothing()
    {
        // Arrange
        var incident = SlaTestData.Incident();
        incident.State = IncidentState.Closed;
        await Store.SaveAsync(incident);

        // Act
        var result = await _commands.EscalateAsync("INC-2026-0001", "late", Alice);

        // Assert
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Cannot escalate", result.Text, StringComparison.Ordinal);
        Assert.Empty(await Store.ListOutboxAsync());
    }

    [Fact]
    public async Task ReportAsync_OpenIncidents_ListsDeadlinesAndBreaches()
    {
        // Arrange
        await Store.SaveAsync(SlaTestData.Incident());
        var late = SlaTestData.Incident(Priority.P3, "INC-2026-0002");
        late.Sla = new SlaDeadlines(SlaTestData.Start.AddMinutes(-90), SlaTestData.Start.AddMinutes(-30));
        await Store.SaveAsync(late);

        // Act
        var result = await _commands.ReportAsync();

        // Assert
        Assert.Equal(0, result.ExitCode);
        var lines = result.Text.Split('\n');
        Assert.StartsWith("INC-2026-0002 P3", lines[0], StringComparison.Ordinal);
        Assert.Contains("overdue 1h30m", lines[0], StringComparison.Ordinal);
        Assert.Contains("15m left", lines[1], StringComparison.Ordinal);
        Assert.Equal("SLA: 2 open with deadlines, 1 not acknowledged in time (INC-2026-0002), 1 resolution breached (INC-2026-0002)", lines[^1]);
    }
}
