using AgentOps.Core.Orchestration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace AgentOps.Infrastructure.Scheduling;

/// <summary>
/// At start, schedules the periodic jobs in the persistent store: the sweep always, the mailbox poll and the GitHub
/// sync when their hook (<see cref="IMailboxPoller"/>, <see cref="IGitHubSynchronizer"/>) is registered and their
/// interval is not zero; removes the ones that are not wanted. An unchanged schedule is left alone, so nodes of a
/// cluster restarting do not shift each other's periodic jobs.
/// </summary>
internal sealed partial class PeriodicJobsHostedService(
    ISchedulerFactory schedulers,
    IServiceProvider services,
    IOptions<SchedulingOptions> options,
    TimeProvider time,
    ILogger<PeriodicJobsHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var settings = options.Value;
        var registered = services.GetService<IServiceProviderIsService>();
        await EnsureAsync(scheduler, SchedulingKeys.SweepJob, typeof(StaleIncidentSweepJob), settings.SweepInterval, true, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(scheduler, SchedulingKeys.MailboxPollJob, typeof(MailboxPollJob), settings.MailboxPollInterval,
            registered?.IsService(typeof(IMailboxPoller)) == true, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(scheduler, SchedulingKeys.GitHubSyncJob, typeof(GitHubSyncJob), settings.GitHubSyncInterval,
            registered?.IsService(typeof(IGitHubSynchronizer)) == true, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnsureAsync(IScheduler scheduler, JobKey key, Type jobType, TimeSpan interval, bool hookRegistered, CancellationToken cancellationToken)
    {
        if (interval <= TimeSpan.Zero || !hookRegistered)
        {
            if (await scheduler.DeleteJob(key, cancellationToken).ConfigureAwait(false))
            {
                LogRemoved(key.Name);
            }

            return;
        }

        var triggerKey = SchedulingKeys.PeriodicTrigger(key);
        if (await scheduler.GetTrigger(triggerKey, cancellationToken).ConfigureAwait(false) is ISimpleTrigger existing && existing.RepeatInterval == interval)
        {
            return;
        }

        var settings = options.Value;
        var job = JobBuilder.Create().OfType(jobType).WithIdentity(key).StoreDurably().Build();
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(triggerKey)
            .ForJob(key)
            .StartAt(time.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(interval.TotalSeconds, 30)))
            .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(interval).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .WithRetryPolicy(RetryPolicy.Exponential(settings.RetryAttempts, settings.RetryInitialDelay, 2.0, settings.RetryMaxDelay))
            .Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken).ConfigureAwait(false);
        LogScheduled(key.Name, interval);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Periodic job {Job} every {Interval}")]
    private partial void LogScheduled(string job, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Periodic job {Job} removed (disabled or no implementation registered)")]
    private partial void LogRemoved(string job);
}
