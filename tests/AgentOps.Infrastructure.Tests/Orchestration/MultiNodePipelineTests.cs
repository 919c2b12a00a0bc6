using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Pipeline;
using AgentOps.Infrastructure.Storage;
using AgentOps.Infrastructure.Tests.Storage;
using Npgsql;

namespace AgentOps.Infrastructure.Tests.Orchestration;

/// <summary>Two pipeline nodes on one real PostgreSQL: every incident is worked once, and a dead node's claims are taken over after their lease.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MultiNodePipelineTests(PostgresFixture postgres)
{
    [Fact]
    public async Task PipelineWorker_TwoNodesOneDatabase_InvestigateEachIncidentExactlyOnce()
    {
        // Arrange
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var storeA = SqlIncidentStore.ForPostgres(connectionString);
        await using var storeB = SqlIncidentStore.ForPostgres(connectionString);
        var incidents = new List<Incident>();
        for (var i = 0; i < 16; i++)
        {
            incidents.Add(await PipelineNode.SaveIncidentAsync(storeA, (Priority)(1 + (i % 4))));
        }

        await using var nodeA = new PipelineNode("node-a", storeA, TimeSpan.FromSeconds(5));
        await using var nodeB = new PipelineNode("node-b", storeB, TimeSpan.FromSeconds(5));

        // Act
        await Task.WhenAll(nodeA.StartAsync(), nodeB.StartAsync());
        var done = await EventuallyAllCorrelatedAsync(storeA, incidents, TimeSpan.FromSeconds(25));

        // Assert
        foreach (var incident in done)
        {
            var steps = StepEvents(incident);
            Assert.Equal(steps.Select(e => e.Data[PipelinePlanner.StepKey]).Distinct().Count(), steps.Count);
            Assert.Single(steps.Select(e => e.Data["node"]).Distinct());
            var investigated = incident.Tracks.Where(t => t.Kind != TrackKind.Fix).ToList();
            Assert.All(investigated, t => Assert.Equal(TrackState.Done, t.State));
            Assert.All(investigated, t => Assert.Single(incident.Timeline, e => e.Kind == "transition" && e.Data.GetValueOrDefault("track") == t.Number.ToString() && e.Message.Contains("Done", StringComparison.Ordinal)));
            Assert.Single(incident.Timeline, e => e.Kind == "root-cause");
            Assert.Equal(incident.Priority <= Priority.P2 ? 1 : 0, incident.Communications.Count(c => c.Kind == CommunicationKind.Acknowledgement));
        }
    }

    [Fact]
    public async Task PipelineWorker_NodeDiesMidInvestigation_OtherNodeTakesItsIncidentsOverAfterTheLease()
    {
        // Arrange: node A's application analyst hangs, so A dies holding incidents in the middle of their investigation.
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var storeA = SqlIncidentStore.ForPostgres(connectionString);
        await using var storeB = SqlIncidentStore.ForPostgres(connectionString);
        var incidents = new List<Incident>();
        for (var i = 0; i < 3; i++)
        {
            incidents.Add(await PipelineNode.SaveIncidentAsync(storeA, Priority.P1));
        }

        var lease = TimeSpan.FromSeconds(3);
        var hanging = new HangingAnalyst(TrackKind.Application);
        await using var nodeA = new PipelineNode("node-a", storeA, lease, [hanging]);
        await using var nodeB = new PipelineNode("node-b", storeB, lease);
        await nodeA.StartAsync();
        await hanging.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(await ClaimsHeldAsync(connectionString, "node-a") > 0);

        // Act
        await nodeA.StopAsync();
        var leasesOfTheDead = await LeasesAsync(connectionString, "node-a");
        await nodeB.StartAsync();
        var done = await EventuallyAllCorrelatedAsync(storeB, incidents, TimeSpan.FromSeconds(25));

        // Assert
        Assert.NotEmpty(leasesOfTheDead);
        var takenOver = done.Where(i => StepEvents(i).Any(e => e.Data["node"] == "node-b" && e.Data[PipelinePlanner.StepKey].StartsWith("track-", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(takenOver);
        foreach (var incident in done)
        {
            var steps = StepEvents(incident);
            Assert.Equal(steps.Select(e => e.Data[PipelinePlanner.StepKey]).Distinct().Count(), steps.Count);
            var application = incident.Tracks.Single(t => t.Kind == TrackKind.Application);
            Assert.Equal(TrackState.Done, application.State);
            Assert.Equal("node-b", steps.Single(e => e.Data[PipelinePlanner.StepKey] == $"track-{application.Number}").Data["node"]);
            Assert.DoesNotContain(incident.Timeline, e => e.Kind == "transition" && e.Message.Contains("Cancelled", StringComparison.Ordinal));
            Assert.Single(incident.Timeline, e => e.Kind == "root-cause");
        }

        foreach (var incident in takenOver.Where(i => leasesOfTheDead.ContainsKey(i.Id)))
        {
            // Not before the dead node's lease on it had run out.
            var first = StepEvents(incident).Where(e => e.Data["node"] == "node-b").Min(e => e.At);
            Assert.True(first >= leasesOfTheDead[incident.Id], $"{incident.Id} taken over at {first:HH:mm:ss.fff}, its lease ran to {leasesOfTheDead[incident.Id]:HH:mm:ss.fff}.");
        }

        Assert.Contains(takenOver, i => leasesOfTheDead.ContainsKey(i.Id));
    }

    private static List<TimelineEvent> StepEvents(Incident incident) =>
        incident.Timeline.Where(e => e.Kind == PipelinePlanner.StepEventKind && e.Data.ContainsKey(PipelinePlanner.StepKey)).ToList();

    private static async Task<List<Incident>> EventuallyAllCorrelatedAsync(SqlIncidentStore store, List<Incident> incidents, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var current = new List<Incident>();
            foreach (var incident in incidents)
            {
                current.Add((await store.FindAsync(incident.Id))!);
            }

            if (current.All(i => PipelinePlanner.RecordedSteps(i).Contains("correlate")))
            {
                return current;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Not all correlated within {timeout.TotalSeconds} s: {string.Join(", ", current.Select(i => $"{i.Id} [{string.Join(' ', PipelinePlanner.RecordedSteps(i))}]"))}");
            await Task.Delay(100);
        }
    }

    private static async Task<Dictionary<string, DateTimeOffset>> LeasesAsync(string connectionString, string owner)
    {
        var leases = new Dictionary<string, DateTimeOffset>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT incident_id, locked_until FROM pipeline_claims WHERE owner = @owner", connection);
        command.Parameters.AddWithValue("owner", owner);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            leases[reader.GetString(0)] = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
        }

        return leases;
    }

    private static async Task<long> ClaimsHeldAsync(string connectionString, string owner)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pipeline_claims WHERE owner = @owner", connection);
        command.Parameters.AddWithValue("owner", owner);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
