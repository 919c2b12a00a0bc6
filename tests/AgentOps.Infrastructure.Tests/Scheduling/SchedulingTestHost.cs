using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.Scheduling;
using AgentOps.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentOps.Infrastructure.Tests.Scheduling;

/// <summary>
/// A host with the real SQLite incident store and the Quartz scheduler on a SQLite job store, both in a temporary
/// folder; short escalation delays so timers fire within seconds.
/// </summary>
internal sealed class SchedulingTestHost : IDisposable
{
    public SchedulingTestHost()
    {
        Folder = Path.Combine(Path.GetTempPath(), $"agentops-sched-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public Dictionary<string, string?> Settings() => new(EscalationOptionsValidatorTests.SeedMatrix())
    {
        ["Storage:Provider"] = "sqlite",
        ["Storage:SqlitePath"] = Path.Combine(Folder, "agentops.db"),
        ["Scheduling:Store"] = "sqlite",
        ["Scheduling:SqlitePath"] = Path.Combine(Folder, "scheduler.db"),
        ["Scheduling:RetryAttempts"] = "2",
        ["Scheduling:RetryInitialDelay"] = "00:00:00.200",
        ["Scheduling:RetryMaxDelay"] = "00:00:01",
        ["Scheduling:SweepInterval"] = "01:00:00",
        ["Scheduling:MailboxPollInterval"] = "00:00:00",
        ["Scheduling:GitHubSyncInterval"] = "00:00:00",
        ["Escalation:ReminderBefore"] = "00:00:00",
        ["Escalation:Policies:P1:Levels:0:Delay"] = "00:00:02",
    };

    /// <summary>Builds (does not start) a host; <paramref name="configure"/> may replace services, e.g. the store.</summary>
    public IHost Build(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = Folder });
        builder.Configuration.AddInMemoryCollection(settings ?? Settings());
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAgentOpsStorage(builder.Configuration);
        builder.Services.AddAgentOpsScheduling(builder.Configuration);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>A P1 incident whose acknowledgement deadline is <paramref name="ackIn"/> from now.</summary>
    public static async Task<Incident> SaveIncidentAsync(IIncidentStore store, TimeSpan ackIn, TimeSpan? resolveIn = null)
    {
        var now = DateTimeOffset.UtcNow;
        var incident = new Incident
        {
            Id = await store.NextIncidentIdAsync(now),
            Title = "Paiements bloqués",
            Priority = Priority.P1,
            State = IncidentState.Triaged,
            CreatedAt = now,
            Sla = new SlaDeadlines(now + ackIn, now + (resolveIn ?? TimeSpan.FromHours(4))),
        };
        await store.SaveAsync(incident);
        return incident;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return await condition();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
