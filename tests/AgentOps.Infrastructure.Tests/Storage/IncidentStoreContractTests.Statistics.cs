using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Infrastructure.Tests.Storage;

/// <summary>The counting side of the store (<see cref="IIncidentStatistics"/>) and the priority filter, on every database.</summary>
public abstract partial class IncidentStoreContractTests
{
    [Fact]
    public async Task CountAndList_FilteredByPriorityAndState_AgreeWithEachOther()
    {
        // Arrange
        for (var i = 1; i <= 12; i++)
        {
            var incident = SampleIncidents.Minimal($"INC-2026-{i:D4}", SampleIncidents.T0.AddMinutes(i), (Priority)(i % 4 + 1));
            incident.State = i % 3 == 0 ? IncidentState.Resolved : IncidentState.Investigating;
            await Store.SaveAsync(incident);
        }

        var query = new IncidentQuery { Priorities = [Priority.P1, Priority.P2], States = [IncidentState.Investigating], Limit = 2 };

        // Act
        var page = await Store.ListAsync(query);
        var total = await Store.CountAsync(query);
        var grouped = await Store.CountIncidentsAsync(new IncidentQuery());

        // Assert
        Assert.Equal(4, total);
        Assert.Equal(2, page.Count);
        Assert.All(page, i => Assert.Contains(i.Priority, new[] { Priority.P1, Priority.P2 }));
        Assert.Equal(12, grouped.Sum(c => c.Count));
        Assert.Equal(2, grouped.Single(c => c.Priority == Priority.P1 && c.State == IncidentState.Investigating).Count);
        Assert.Equal(1, grouped.Single(c => c.Priority == Priority.P1 && c.State == IncidentState.Resolved).Count);
    }

    [Fact]
    public async Task CountOutbox_ByStatus_CountsPendingDeliveredAndDead()
    {
        // Arrange
        var incident = SampleIncidents.Minimal("INC-2026-0001");
        var changes = new ChangeSet();
        changes.Outbox.Add(new OutboxMessage("M-1", incident.Id, "email", "{}", SampleIncidents.T0));
        changes.Outbox.Add(new OutboxMessage("M-2", incident.Id, "email", "{}", SampleIncidents.T0));
        changes.Outbox.Add(new OutboxMessage("M-3", incident.Id, "email", "{}", SampleIncidents.T0));
        await Store.SaveAsync(incident, changes);
        await Store.CompleteOutboxAsync("M-1", SampleIncidents.T0);
        await Store.FailOutboxAsync("M-2", "bounced", SampleIncidents.T0, dead: true);

        // Act
        var counts = await Store.CountOutboxAsync();

        // Assert
        Assert.Equal(1, counts[OutboxStatus.Pending]);
        Assert.Equal(1, counts[OutboxStatus.Delivered]);
        Assert.Equal(1, counts[OutboxStatus.Dead]);
    }

    [Fact]
    public async Task ReadTimeline_AfterACursor_ReturnsOnePageInOrderWithTheTotal()
    {
        // Arrange
        var incident = SampleIncidents.Minimal("INC-2026-0001");
        for (var i = 0; i < 30; i++)
        {
            incident.Record(SampleIncidents.T0.AddSeconds(i), "agent", "test", "note", $"Event {i}");
        }

        await Store.SaveAsync(incident);

        // Act
        var page = await Store.ReadTimelineAsync(incident.Id, after: 10, limit: 5);
        var missing = await Store.ReadTimelineAsync("INC-2026-9999", after: 0, limit: 5);

        // Assert
        Assert.NotNull(page);
        Assert.Equal(incident.Timeline.Count, page.Total);
        Assert.Equal([11L, 12L, 13L, 14L, 15L], page.Events.Select(e => e.Sequence));
        Assert.Equal(incident.Timeline.Single(e => e.Sequence == 11).Message, page.Events[0].Message);
        Assert.Null(missing);
    }
}
