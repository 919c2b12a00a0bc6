using System.Collections.Concurrent;
using AgentOps.Core.Model;

namespace AgentOps.Infrastructure.Tests.Storage;

/// <summary>The pipeline claims (<see cref="Core.Orchestration.Pipeline.IIncidentClaimStore"/>) of the store contract.</summary>
public abstract partial class IncidentStoreContractTests
{
    private static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ClaimIncidents_TwoDue_MostUrgentFirstAndNeverTwiceWhileLeased()
    {
        // Arrange
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001", SampleIncidents.T0, Priority.P3));
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0002", SampleIncidents.T0.AddMinutes(1), Priority.P1));
        var now = SampleIncidents.T0.AddMinutes(5);

        // Act
        var first = await Store.ClaimIncidentsAsync("node-a", 1, now, ClaimLease);
        var second = await OpenStore().ClaimIncidentsAsync("node-b", 5, now, ClaimLease);
        var third = await OpenStore().ClaimIncidentsAsync("node-c", 5, now.AddSeconds(29), ClaimLease);
        var afterLease = await OpenStore().ClaimIncidentsAsync("node-c", 5, now.AddSeconds(31), ClaimLease);

        // Assert
        Assert.Equal(["INC-2026-0002"], first);
        Assert.Equal(["INC-2026-0001"], second);
        Assert.Empty(third);
        Assert.Equal(["INC-2026-0001", "INC-2026-0002"], afterLease.Order());
    }

    [Fact]
    public async Task ReleaseIncidentClaim_WithProcessedVersion_NotDueAgainUntilTheIncidentChanges()
    {
        // Arrange
        var incident = SampleIncidents.Minimal("INC-2026-0001");
        await Store.SaveAsync(incident);
        var now = SampleIncidents.T0;
        await Store.ClaimIncidentsAsync("node-a", 5, now, ClaimLease);

        // Act
        await Store.ReleaseIncidentClaimAsync(incident.Id, "node-a", incident.Version, now, null);
        var unchanged = await Store.ClaimIncidentsAsync("node-b", 5, now.AddSeconds(1), ClaimLease);
        incident.Title = "Paiements bloqués";
        await Store.SaveAsync(incident);
        var changed = await Store.ClaimIncidentsAsync("node-b", 5, now.AddSeconds(2), ClaimLease);

        // Assert
        Assert.Empty(unchanged);
        Assert.Equal([incident.Id], changed);
    }

    [Fact]
    public async Task ReleaseIncidentClaim_FailedPass_DueAgainAtTheRetryTime()
    {
        // Arrange
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001"));
        var now = SampleIncidents.T0;
        await Store.ClaimIncidentsAsync("node-a", 5, now, ClaimLease);

        // Act
        await Store.ReleaseIncidentClaimAsync("INC-2026-0001", "node-a", null, now.AddMinutes(1), "store down");
        var early = await Store.ClaimIncidentsAsync("node-b", 5, now.AddSeconds(59), ClaimLease);
        var due = await Store.ClaimIncidentsAsync("node-b", 5, now.AddSeconds(61), ClaimLease);

        // Assert
        Assert.Empty(early);
        Assert.Equal(["INC-2026-0001"], due);
    }

    [Fact]
    public async Task RenewIncidentClaim_OwnerAndStranger_OnlyTheOwnerHoldsItAndSeesTheState()
    {
        // Arrange
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001"));
        var now = SampleIncidents.T0;
        await Store.ClaimIncidentsAsync("node-a", 5, now, ClaimLease);

        // Act
        var owner = await Store.RenewIncidentClaimAsync("INC-2026-0001", "node-a", now.AddSeconds(25), ClaimLease);
        var stolen = await Store.ClaimIncidentsAsync("node-b", 5, now.AddSeconds(40), ClaimLease);
        var stranger = await Store.RenewIncidentClaimAsync("INC-2026-0001", "node-b", now.AddSeconds(41), ClaimLease);
        var lost = await Store.RenewIncidentClaimAsync("INC-2026-0001", "node-a", now.AddSeconds(42), ClaimLease);

        // Assert
        Assert.True(owner.Held);
        Assert.Equal(IncidentState.New, owner.State);
        Assert.Empty(stolen);
        Assert.False(stranger.Held);
        Assert.True(lost.Held);
    }

    [Fact]
    public async Task ClaimIncidents_IncidentInPostMortemOrClosed_IsNeverClaimed()
    {
        // Arrange
        var postMortem = SampleIncidents.Minimal("INC-2026-0001");
        postMortem.State = IncidentState.PostMortem;
        await Store.SaveAsync(postMortem);
        var closed = SampleIncidents.Minimal("INC-2026-0002");
        closed.State = IncidentState.Closed;
        await Store.SaveAsync(closed);

        // Act
        var claimed = await Store.ClaimIncidentsAsync("node-a", 5, SampleIncidents.T0, ClaimLease);

        // Assert
        Assert.Empty(claimed);
    }

    [Fact]
    public async Task ClaimIncidents_ResolvedIncident_IsClaimedForItsResolutionEmailAndPostMortem()
    {
        // Arrange
        var incident = SampleIncidents.Minimal("INC-2026-0001");
        incident.State = IncidentState.Resolved;
        await Store.SaveAsync(incident);

        // Act
        var claimed = await Store.ClaimIncidentsAsync("node-a", 5, SampleIncidents.T0, ClaimLease);

        // Assert
        Assert.Equal(["INC-2026-0001"], claimed);
    }

    [Fact]
    public async Task ClaimIncidents_FourConcurrentClaimers_ShareNoIncident()
    {
        // Arrange
        for (var i = 1; i <= 24; i++)
        {
            await Store.SaveAsync(SampleIncidents.Minimal($"INC-2026-{i:D4}", SampleIncidents.T0.AddSeconds(i), (Priority)(1 + (i % 4))));
        }

        var claimed = new ConcurrentBag<string>();

        // Act
        await Task.WhenAll(Enumerable.Range(0, 4).Select(n => Task.Run(async () =>
        {
            var store = OpenStore();
            while (await store.ClaimIncidentsAsync($"node-{n}", 3, SampleIncidents.T0.AddMinutes(1), ClaimLease) is { Count: > 0 } batch)
            {
                foreach (var id in batch)
                {
                    claimed.Add(id);
                }
            }
        })));

        // Assert
        Assert.Equal(24, claimed.Count);
        Assert.Equal(24, claimed.Distinct().Count());
    }
}
