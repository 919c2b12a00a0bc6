using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Infrastructure.Tests.Storage;

/// <summary>Summaries and versions computed by SQL (<see cref="IIncidentStore.ListSummariesAsync"/>), on every database.</summary>
public abstract partial class IncidentStoreContractTests
{
    public static TheoryData<string> SummaryQueries => new() { "all", "open", "p1-p2-investigating", "text", "second-page", "customer", "since" };

    [Theory]
    [MemberData(nameof(SummaryQueries))]
    public async Task ListSummaries_VariedIncidents_EqualTheProjectionOfTheFullIncidentsInTheSameOrder(string name)
    {
        // Arrange
        var saved = await SaveVariedIncidentsAsync();
        var query = SummaryQuery(name);

        // Act
        var summaries = await Store.ListSummariesAsync(query);
        var full = await Store.ListAsync(query);

        // Assert
        Assert.NotEmpty(summaries);
        Assert.Equal(full.Select(IncidentSummary.From), summaries.Select(s => s with { UpdatedAt = null }));
        Assert.All(summaries, s => Assert.Equal(Clock.GetUtcNow(), s.UpdatedAt));
        Assert.True(saved > summaries.Count || name == "all");
    }

    [Fact]
    public async Task ListSummaries_FullyPopulatedIncident_ReadsEveryFieldAndCount()
    {
        // Arrange
        var incident = SampleIncidents.FullyPopulated("INC-2026-0001");
        incident.Tracks.Add(new Track { Number = 2, Kind = TrackKind.Cache, Title = "Pool", State = TrackState.Done });
        incident.Communications.Add(new global::AgentOps.Core.Model.Communication
        {
            Id = "C-2", Kind = CommunicationKind.StatusUpdate, Channel = "email", To = "a@b.fr", Subject = "s", Body = "b",
            Status = CommunicationStatus.Draft, CreatedAt = SampleIncidents.T0,
        });
        await Store.SaveAsync(incident);

        // Act
        var summary = Assert.Single(await Store.ListSummariesAsync(new IncidentQuery()));

        // Assert
        Assert.Equal(IncidentSummary.From(incident), summary with { UpdatedAt = null });
        Assert.Equal((2, 1, 2), (summary.TrackCount, summary.TracksDone, summary.DraftsAwaitingApproval));
        Assert.Equal(("outage", 40, 2, 7), (summary.Intent, summary.GitHubIssueNumber, summary.EscalationLevel, summary.SignalCount));
        Assert.Equal(incident.Customer, summary.Customer);
        Assert.Equal(TimeSpan.FromHours(4), summary.Sla!.ResolutionTarget);
    }

    [Fact]
    public async Task ListSummaries_ZeroLimitOrNegativeOffset_ReturnsNothingOrThrows()
    {
        // Arrange
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001"));

        // Act
        var none = await Store.ListSummariesAsync(new IncidentQuery { Limit = 0 });

        // Assert
        Assert.Empty(none);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListSummariesAsync(new IncidentQuery { Offset = -1 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListVersionsAsync(new IncidentQuery { Limit = -1 }));
    }

    [Theory]
    [MemberData(nameof(SummaryQueries))]
    public async Task ListVersions_AfterChanges_EqualTheIdsAndVersionsOfTheFullList(string name)
    {
        // Arrange
        await SaveVariedIncidentsAsync();
        var changed = (await Store.FindAsync("INC-2026-0003"))!;
        changed.Title += " (updated)";
        await Store.SaveAsync(changed);
        var query = SummaryQuery(name);

        // Act
        var versions = await Store.ListVersionsAsync(query);
        var full = await Store.ListAsync(query);

        // Assert
        Assert.Equal(full.Select(i => new IncidentVersion(i.Id, i.Version)), versions);
    }

    [Fact]
    public async Task GetVersions_KnownUnknownAndRepeatedIds_ReturnsEachKnownOnceWithItsVersion()
    {
        // Arrange
        var first = SampleIncidents.Minimal("INC-2026-0001");
        await Store.SaveAsync(first);
        await Store.SaveAsync(first);
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0002"));

        // Act
        var versions = await Store.GetVersionsAsync(["INC-2026-0001", "INC-2026-0404", "INC-2026-0002", "INC-2026-0001"]);
        var none = await Store.GetVersionsAsync([]);

        // Assert
        Assert.Equal(
            [new IncidentVersion("INC-2026-0001", 2), new IncidentVersion("INC-2026-0002", 1)],
            versions.OrderBy(v => v.Id, StringComparer.Ordinal));
        Assert.Empty(none);
    }

    private static IncidentQuery SummaryQuery(string name) => name switch
    {
        "all" => new IncidentQuery(),
        "open" => IncidentQuery.Open,
        "p1-p2-investigating" => new IncidentQuery { Priorities = [Priority.P1, Priority.P2], States = [IncidentState.Investigating] },
        "text" => new IncidentQuery { Text = "PAIEMENT" },
        "second-page" => new IncidentQuery { Limit = 4, Offset = 4 },
        "customer" => new IncidentQuery { CustomerDomain = "Client-Existant.fr" },
        "since" => new IncidentQuery { CreatedSince = SampleIncidents.T0.AddMinutes(6) },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown query"),
    };

    /// <summary>Saves twelve incidents that differ in every summary field (some with none of the optional ones).</summary>
    private async Task<int> SaveVariedIncidentsAsync()
    {
        var states = new[] { IncidentState.New, IncidentState.Triaged, IncidentState.Investigating, IncidentState.Mitigating, IncidentState.Resolved, IncidentState.Closed };
        for (var i = 1; i <= 12; i++)
        {
            var incident = i == 1
                ? SampleIncidents.FullyPopulated("INC-2026-0001")
                : SampleIncidents.Minimal($"INC-2026-{i:D4}", SampleIncidents.T0.AddMinutes(i), (Priority)(i % 4 + 1), i % 2 == 0 ? $"Paiement refusé {i}" : null);
            if (i > 1)
            {
                incident.State = states[i % states.Length];
                incident.Severity = (Severity)(i % 4 + 1);
                incident.EscalationLevel = i % 3;
                incident.SignalCount = i;
                incident.GitHubIssueNumber = i % 3 == 0 ? 100 + i : null;
                incident.Customer = i % 4 == 0 ? null : new Customer($"Client {i}", $"ops{i}@client-existant.fr", "client-existant.fr", i % 2 == 0 ? "enterprise" : "standard", i % 3 == 0 ? null : "fr");
                incident.Sla = i % 5 == 0 ? null : new SlaDeadlines(incident.CreatedAt.AddMinutes(15), incident.CreatedAt.AddHours(i)) { ResolutionTarget = TimeSpan.FromHours(i) };
                incident.Triage = i % 2 == 0 ? new TriageResult(incident.Priority, $"intent-{i}", 0.5) : null;
                incident.AcknowledgedAt = i % 2 == 1 ? incident.CreatedAt.AddMinutes(3) : null;
                incident.ResolvedAt = incident.State is IncidentState.Resolved or IncidentState.Closed ? incident.CreatedAt.AddHours(1) : null;
                for (var t = 1; t <= i % 4; t++)
                {
                    incident.Tracks.Add(new Track { Number = t, Kind = TrackKind.Application, Title = $"Track {t}", State = t % 2 == 0 ? TrackState.Done : TrackState.InProgress });
                }

                if (i % 3 == 1)
                {
                    incident.Communications.Add(new global::AgentOps.Core.Model.Communication
                    {
                        Id = $"C-{i}", Kind = CommunicationKind.StatusUpdate, Channel = "email", To = "a@b.fr", Subject = "s", Body = "b",
                        Status = i % 2 == 0 ? CommunicationStatus.Sent : CommunicationStatus.Draft, CreatedAt = incident.CreatedAt,
                    });
                }

                incident.Record(incident.CreatedAt, "test", "test", "created", "created");
            }

            await Store.SaveAsync(incident);
        }

        return 12;
    }
}
