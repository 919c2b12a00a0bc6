using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Core.Tests.Fakes;

namespace AgentOps.Core.Tests.Persistence;

/// <summary>The default members of <see cref="IIncidentStore"/>, which stores without SQL (the test fakes) fall back to.</summary>
public sealed class IncidentStoreDefaultsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ListSummariesAsync_DefaultImplementation_ProjectsTheListedIncidentsInOrder()
    {
        // Arrange
        var (store, incidents) = await SeedAsync();

        // Act
        var summaries = await store.ListSummariesAsync(IncidentQuery.Open);

        // Assert
        Assert.Equal(["INC-2026-0002", "INC-2026-0001"], summaries.Select(s => s.Id));
        Assert.Equal(IncidentSummary.From(incidents[1]), summaries[0]);
        Assert.Equal((2, 1, 1), (summaries[0].TrackCount, summaries[0].TracksDone, summaries[0].DraftsAwaitingApproval));
        Assert.Null(summaries[0].UpdatedAt);
    }

    [Fact]
    public async Task VersionsAsync_DefaultImplementations_ReadTheStoredVersions()
    {
        // Arrange
        var (store, incidents) = await SeedAsync();
        await store.SaveAsync(incidents[0]);

        // Act
        var open = await store.ListVersionsAsync(IncidentQuery.Open);
        var some = await store.GetVersionsAsync(["INC-2026-0003", "INC-2026-0404", "INC-2026-0001"]);

        // Assert
        Assert.Equal([new IncidentVersion("INC-2026-0002", 1), new IncidentVersion("INC-2026-0001", 2)], open);
        Assert.Equal([new IncidentVersion("INC-2026-0003", 1), new IncidentVersion("INC-2026-0001", 2)], some);
    }

    private static async Task<(IIncidentStore Store, Incident[] Incidents)> SeedAsync()
    {
        IIncidentStore store = new InMemoryIncidentStore();
        Incident[] incidents =
        [
            new() { Id = "INC-2026-0001", Title = "Export lent", Priority = Priority.P3, State = IncidentState.Investigating, CreatedAt = Now },
            new()
            {
                Id = "INC-2026-0002", Title = "Paiements bloqués", Priority = Priority.P1, State = IncidentState.Triaged, CreatedAt = Now,
                Customer = new Customer("Jean Martin", "jean@client.fr", "client.fr"),
                Sla = new SlaDeadlines(Now.AddMinutes(15), Now.AddHours(4)),
                Triage = new TriageResult(Priority.P1, "outage", 0.9),
                Tracks =
                [
                    new Track { Number = 1, Kind = TrackKind.Database, Title = "Requêtes", State = TrackState.Done },
                    new Track { Number = 2, Kind = TrackKind.Cache, Title = "Pool" },
                ],
                Communications =
                [
                    new Model.Communication { Id = "C-1", Kind = CommunicationKind.StatusUpdate, Channel = "email", To = "jean@client.fr", Subject = "s", Body = "b", CreatedAt = Now },
                ],
            },
            new() { Id = "INC-2026-0003", Title = "Résolu", State = IncidentState.Resolved, CreatedAt = Now },
        ];
        foreach (var incident in incidents)
        {
            await store.SaveAsync(incident);
        }

        return (store, incidents);
    }
}
