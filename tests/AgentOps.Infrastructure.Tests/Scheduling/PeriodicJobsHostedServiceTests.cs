using AgentOps.Core.Orchestration;
using AgentOps.Infrastructure.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace AgentOps.Infrastructure.Tests.Scheduling;

public sealed class PeriodicJobsHostedServiceTests : IDisposable
{
    private readonly SchedulingTestHost _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task StartAsync_MailboxPollerRegistered_PollsPeriodicallyAndLeavesGitHubOut()
    {
        // Arrange
        var poller = new CountingPoller();
        var settings = _fixture.Settings();
        settings["Scheduling:MailboxPollInterval"] = "00:00:01";
        settings["Scheduling:GitHubSyncInterval"] = "00:00:01";
        using var host = _fixture.Build(settings, services => services.AddSingleton<IMailboxPoller>(poller));

        // Act
        await host.StartAsync();

        // Assert
        Assert.True(await SchedulingTestHost.EventuallyAsync(() => Task.FromResult(poller.Polls >= 2), TimeSpan.FromSeconds(15)));
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.True(await scheduler.Exists(new JobKey("stale-incident-sweep", "agentops")));
        Assert.False(await scheduler.Exists(new JobKey("github-sync", "agentops")));
        await host.StopAsync();
    }

    [Fact]
    public async Task StartAsync_IntervalZero_RemovesAJobScheduledBefore()
    {
        // Arrange: a first run schedules the poll...
        var settings = _fixture.Settings();
        settings["Scheduling:MailboxPollInterval"] = "00:10:00";
        using (var first = _fixture.Build(settings, services => services.AddSingleton<IMailboxPoller>(new CountingPoller())))
        {
            await first.StartAsync();
            await first.StopAsync();
        }

        // Act: ...the next one disables it.
        settings["Scheduling:MailboxPollInterval"] = "00:00:00";
        using var second = _fixture.Build(settings, services => services.AddSingleton<IMailboxPoller>(new CountingPoller()));
        await second.StartAsync();

        // Assert
        var scheduler = await second.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.False(await scheduler.Exists(new JobKey("mailbox-poll", "agentops")));
        await second.StopAsync();
    }

    private sealed class CountingPoller : IMailboxPoller
    {
        private int _polls;

        public int Polls => Volatile.Read(ref _polls);

        public Task<int> PollAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _polls);
            return Task.FromResult(0);
        }
    }
}
