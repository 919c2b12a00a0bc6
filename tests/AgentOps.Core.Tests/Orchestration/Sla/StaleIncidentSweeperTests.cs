using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Sla;

namespace AgentOps.Core.Tests.Orchestration.Sla;

public sealed class StaleIncidentSweeperTests : SlaTestBase
{
    private readonly StaleIncidentSweeper _sweeper;

    public StaleIncidentSweeperTests()
    {
        _sweeper = new StaleIncidentSweeper(Store, Matrix, Timers, Time, TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task SweepAsync_IdleIncident_FlagsItOnceWithAnAlert()
    {
        // Arrange
        var incident = SlaTestData.Incident();
        incident.Record(SlaTestData.Start, "alice", "cli", "note", "looking");
        await Store.SaveAsync(incident);
        Time.Advance(TimeSpan.FromHours(25));

        // Act
        var first = await _sweeper.SweepAsync();
        var second = await _sweeper.SweepAsync();

        // Assert
        Assert.Equal((1, 1), first);
        Assert.Equal((1, 0), second);
        var saved = (await Store.FindAsync(incident.Id))!;
        Assert.Equal("No activity for 1d1h while Triaged.", saved.Timeline[^1].Message);
        Assert.Single(await Store.ListOutboxAsync(), m => m.Kind == SlaAlert.OutboxKind);
    }

    [Fact]
    public async Task SweepAsync_RecentActivity_FlagsNothingButSyncsTimers()
    {
        // Arrange
        await Store.SaveAsync(SlaTestData.Incident());
        var closed = SlaTestData.Incident(Priority.P2, "INC-2026-0002");
        closed.State = IncidentState.Closed;
        await Store.SaveAsync(closed);
        Time.Advance(TimeSpan.FromHours(2));

        // Act
        var result = await _sweeper.SweepAsync();

        // Assert
        Assert.Equal((1, 0), result);
        Assert.Equal(1, Timers.SyncCalls);
        Assert.Contains(Timers.For("INC-2026-0001"), t => t.Step == "page-1");
        Assert.Empty(await Store.ListOutboxAsync());
    }
}
