using AgentOps.Core.Orchestration.Sla;
using AgentOps.Infrastructure.Scheduling;
using AgentOps.Infrastructure.Storage;
using AgentOps.Infrastructure.Tests.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace AgentOps.Infrastructure.Tests.Scheduling;

/// <summary>Two scheduler nodes, separate processes, one PostgreSQL: a pending escalation survives the death of the node holding it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MultiNodeSchedulingTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private static Dictionary<string, string?> ClusterSettings(string connectionString) => new(EscalationOptionsValidatorTests.SeedMatrix())
    {
        ["Storage:Provider"] = "postgres",
        ["Storage:PostgresConnectionString"] = connectionString,
        ["Scheduling:Store"] = "postgres",
        ["Scheduling:ConnectionString"] = connectionString,
        ["Scheduling:Clustered"] = "true",
        ["Scheduling:CheckinInterval"] = "00:00:01",
        ["Scheduling:CheckinMisfireThreshold"] = "00:00:02",
        ["Scheduling:IdleWaitTime"] = "00:00:01",
        ["Scheduling:SweepInterval"] = "01:00:00",
        ["Escalation:ReminderBefore"] = "00:00:00",
    };

    [Fact]
    public async Task PendingEscalation_HoldingNodeKilledBeforeItFires_FiresExactlyOnceOnTheOtherNode()
    {
        // Arrange: one database for incidents and Quartz tables, two nodes that take triggers 6 s ahead of time.
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var store = SqlIncidentStore.ForPostgres(connectionString);
        await store.InitializeAsync();
        var settings = ClusterSettings(connectionString);
        var nodeSettings = new Dictionary<string, string?>(settings) { ["Node:AcquireAhead"] = "00:00:06" };
        await using var nodeA = SchedulerNodeProcess.Start("node-a", nodeSettings);
        await using var nodeB = SchedulerNodeProcess.Start("node-b", nodeSettings);
        await Task.WhenAll(nodeA.WaitForLineAsync("started", TimeSpan.FromSeconds(40)), nodeB.WaitForLineAsync("started", TimeSpan.FromSeconds(40)));

        // Due well after the CLI has scheduled it, even on a loaded machine: the holder must be seen holding it before it fires.
        var incident = await SchedulingTestHost.SaveIncidentAsync(store, TimeSpan.FromSeconds(25));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).AddInMemoryCollection([new("Scheduling:InstanceId", "cli")]).Build();
        await using (var cli = new ServiceCollection().AddLogging().AddAgentOpsStorage(configuration).AddAgentOpsScheduling(configuration).BuildServiceProvider())
        {
            await cli.GetRequiredService<ISlaTimers>().SyncAsync(incident);
        }

        var holder = await HolderAsync(connectionString, incident.Id, TimeSpan.FromSeconds(40));
        var (victim, survivor) = holder == nodeA.Name ? (nodeA, nodeB) : (nodeB, nodeA);
        Assert.Empty(await store.ListOutboxAsync(incident.Id));

        // Act
        victim.Kill();

        // Assert
        Assert.True(await SchedulingTestHost.EventuallyAsync(async () => (await store.FindAsync(incident.Id))!.EscalationLevel >= 1, TimeSpan.FromSeconds(30)),
            $"Not fired. {survivor.Name}:\n{string.Join('\n', survivor.Lines)}");
        await Task.Delay(TimeSpan.FromSeconds(3));
        output.WriteLine($"holder {victim.Name} killed; {survivor.Name} output:\n{string.Join('\n', survivor.Lines)}");
        var saved = (await store.FindAsync(incident.Id))!;
        Assert.Equal(1, saved.EscalationLevel);
        Assert.Single(saved.Timeline, e => e.Data.GetValueOrDefault(SlaSchedule.StepDataKey) == "page-1");
        Assert.Single(await store.ListOutboxAsync(incident.Id), m => m.Id == $"{incident.Id}/page-1");
        Assert.Single(survivor.Lines, l => l.Contains($"SLA step page-1 of {incident.Id}: Fired", StringComparison.Ordinal));
        Assert.DoesNotContain(victim.Lines, l => l.Contains("SLA step page-1", StringComparison.Ordinal));
        Assert.Equal(1, await ExecutedCountAsync(connectionString, incident.Id));
    }

    /// <summary>The node that has acquired the page-1 trigger (it waits for the due time before firing).</summary>
    private static async Task<string> HolderAsync(string connectionString, string incidentId, TimeSpan timeout)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            await using var command = new NpgsqlCommand(
                "SELECT instance_name FROM qrtz_fired_triggers WHERE trigger_group = @group AND trigger_name = 'page-1' AND state = 'ACQUIRED'", connection);
            command.Parameters.AddWithValue("group", SchedulingKeys.SlaGroup(incidentId));
            if (await command.ExecuteScalarAsync() is string holder)
            {
                return holder;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No node acquired the page-1 trigger of {incidentId}.");
    }

    /// <summary>How many escalation transitions the store holds for the incident (the row count of the proof).</summary>
    private static async Task<long> ExecutedCountAsync(string connectionString, string incidentId)
    {
        await using var store = SqlIncidentStore.ForPostgres(connectionString);
        var incident = (await store.FindAsync(incidentId))!;
        return incident.Timeline.LongCount(e => e.Kind == "transition" && e.Data.GetValueOrDefault("trigger") == "Escalate");
    }
}
