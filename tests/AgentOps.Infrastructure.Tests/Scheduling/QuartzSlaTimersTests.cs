using AgentOps.Core.Commands;
using AgentOps.Core.Orchestration.Sla;
using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.Scheduling;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentOps.Infrastructure.Tests.Scheduling;

public sealed class QuartzSlaTimersTests : IDisposable
{
    private static readonly TimeSpan FireWithin = TimeSpan.FromSeconds(20);
    private readonly SchedulingTestHost _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task SyncAsync_AcknowledgementBreached_EscalationFiresWithTimelineAndAlert()
    {
        // Arrange
        using var host = _fixture.Build();
        await host.StartAsync();
        var store = host.Services.GetRequiredService<IIncidentStore>();
        var incident = await SchedulingTestHost.SaveIncidentAsync(store, TimeSpan.FromSeconds(1));

        // Act
        var planned = await host.Services.GetRequiredService<ISlaTimers>().SyncAsync(incident);

        // Assert
        Assert.Contains(planned, t => t.Step == "page-1");
        Assert.True(await SchedulingTestHost.EventuallyAsync(async () => (await store.FindAsync(incident.Id))!.EscalationLevel >= 1, FireWithin));
        var saved = (await store.FindAsync(incident.Id))!;
        Assert.Contains(saved.Timeline, e => e.Actor == "scheduler" && e.Source == "sla" && e.Data.GetValueOrDefault("trigger") == "Escalate");
        Assert.Contains(await store.ListOutboxAsync(incident.Id), m => m.Id == $"{incident.Id}/page-1" && m.Kind == "alert");
        var next = await host.Services.GetRequiredService<QuartzSlaTimers>().ScheduledAsync(incident.Id);
        Assert.Contains("page-2", next.Keys);
        await host.StopAsync();
    }

    [Fact]
    public async Task AcknowledgeAsync_BeforeTheDeadline_UnschedulesThePages()
    {
        // Arrange
        using var host = _fixture.Build();
        var store = host.Services.GetRequiredService<IIncidentStore>();
        var timers = host.Services.GetRequiredService<QuartzSlaTimers>();
        var incident = await SchedulingTestHost.SaveIncidentAsync(store, TimeSpan.FromMinutes(15));
        await timers.SyncAsync(incident);
        Assert.Contains("page-1", (await timers.ScheduledAsync(incident.Id)).Keys);

        // Act: a CLI verb, without the scheduler running.
        var result = await host.Services.GetRequiredService<SlaCommands>().AcknowledgeAsync(incident.Id, new CommandActor("alice", "cli"));

        // Assert
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["resolve-breach"], (await timers.ScheduledAsync(incident.Id)).Keys);
    }

    [Fact]
    public async Task CancelAsync_ResolvedIncident_RemovesAllItsTimers()
    {
        // Arrange
        using var host = _fixture.Build();
        var store = host.Services.GetRequiredService<IIncidentStore>();
        var timers = host.Services.GetRequiredService<QuartzSlaTimers>();
        var incident = await SchedulingTestHost.SaveIncidentAsync(store, TimeSpan.FromMinutes(15));
        await timers.SyncAsync(incident);

        // Act
        await timers.CancelAsync(incident.Id);

        // Assert
        Assert.Empty(await timers.ScheduledAsync(incident.Id));
    }

    [Fact]
    public async Task SyncAsync_ScheduledThenProcessRestarted_TimerStillFires()
    {
        // Arrange: schedule in one process lifetime, never started...
        string incidentId;
        using (var first = _fixture.Build())
        {
            var store = first.Services.GetRequiredService<IIncidentStore>();
            var incident = await SchedulingTestHost.SaveIncidentAsync(store, TimeSpan.FromSeconds(2));
            incidentId = incident.Id;
            await first.Services.GetRequiredService<ISlaTimers>().SyncAsync(incident);
        }

        SqliteConnection.ClearAllPools();

        // Act: ...and fire in the next one.
        using var second = _fixture.Build();
        await second.StartAsync();

        // Assert
        var store2 = second.Services.GetRequiredService<IIncidentStore>();
        Assert.True(await SchedulingTestHost.EventuallyAsync(async () => (await store2.FindAsync(incidentId))!.EscalationLevel == 1, FireWithin));
        await second.StopAsync();
        Assert.True(QuartzTableExists(Path.Combine(_fixture.Folder, "scheduler.db"), "QRTZ_TRIGGERS"));
    }

    [Fact]
    public async Task SlaTimerJob_StoreKeepsFailing_RetriesThenRecordsTheFailureOnTheTimeline()
    {
        // Arrange: the store fails the first three reads of the incident (the firing and its two retries).
        FlakyIncidentStore? flaky = null;
        using var host = _fixture.Build(configure: services =>
        {
            var real = services.Last(d => d.ServiceType == typeof(IIncidentStore));
            services.Remove(real);
            services.AddSingleton<IIncidentStore>(sp =>
            {
                var inner = (IIncidentStore)real.ImplementationFactory!(sp);
                flaky = new FlakyIncidentStore(inner, failures: 3);
                return flaky;
            });
        });
        host.Services.GetRequiredService<IIncidentStore>();
        var store = flaky!.Inner;
        var incident = await SchedulingTestHost.SaveIncidentAsync(store, TimeSpan.FromMilliseconds(500));
        await host.StartAsync();

        // Act
        flaky.FailFindOf(incident.Id);
        await host.Services.GetRequiredService<ISlaTimers>().SyncAsync(incident);

        // Assert
        Assert.True(await SchedulingTestHost.EventuallyAsync(async () => (await store.FindAsync(incident.Id))!.Timeline.Any(e => e.Kind == "job-failed"), FireWithin));
        var saved = (await store.FindAsync(incident.Id))!;
        var failure = Assert.Single(saved.Timeline, e => e.Kind == "job-failed");
        Assert.Equal("SLA step page-1 failed after 3 attempts: store unreachable (simulated)", failure.Message);
        Assert.Contains(await store.ListOutboxAsync(incident.Id), m => m.Payload.Contains("\"job-failed\"", StringComparison.Ordinal));
        Assert.Equal(0, saved.EscalationLevel);
        await host.StopAsync();
    }

    private static bool QuartzTableExists(string path, string table)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }
}
