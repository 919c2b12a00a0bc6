using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Sla;
using Microsoft.Extensions.Options;
using Quartz;

namespace AgentOps.Infrastructure.Scheduling;

/// <summary>
/// SLA timers as Quartz triggers in the persistent job store (they survive restarts and, clustered, node failures).
/// One trigger group per incident (<c>sla:INC-...</c>), one trigger per step (<c>page-3</c>, <c>resolve-breach</c>...)
/// firing <see cref="SlaTimerJob"/>.
/// </summary>
public sealed class QuartzSlaTimers(ISchedulerFactory schedulers, EscalationMatrix matrix, IOptions<SchedulingOptions> options, TimeProvider time) : ISlaTimers
{
    /// <inheritdoc />
    /// <remarks>Future triggers that the plan no longer has are removed; past-due ones are left to fire, and do nothing then.</remarks>
    public async Task<IReadOnlyList<SlaTimer>> SyncAsync(Incident incident, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var plan = SlaSchedule.Plan(incident, matrix, now);
        var group = SchedulingKeys.SlaGroup(incident.Id);
        var existing = await ExistingAsync(scheduler, group, cancellationToken).ConfigureAwait(false);
        var wanted = plan.ToDictionary(t => new TriggerKey(t.Step, group));

        var obsolete = existing.Where(e => !wanted.ContainsKey(e.Key) && e.Value is { } next && next > now).Select(e => e.Key).ToList();
        if (obsolete.Count > 0)
        {
            await scheduler.UnscheduleJobs(obsolete, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (key, timer) in wanted)
        {
            if (existing.TryGetValue(key, out var next) && next == timer.DueAt)
            {
                continue;
            }

            await scheduler.ScheduleJob(Trigger(key, timer, incident.Priority), ScheduleJobOptions.Replacing, cancellationToken).ConfigureAwait(false);
        }

        return plan;
    }

    /// <inheritdoc />
    public async Task CancelAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        await scheduler.UnscheduleJobs(GroupMatcher<TriggerKey>.GroupEquals(SchedulingKeys.SlaGroup(incidentId)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The SLA triggers currently scheduled for <paramref name="incidentId"/>: step and next fire time.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset?>> ScheduledAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var existing = await ExistingAsync(scheduler, SchedulingKeys.SlaGroup(incidentId), cancellationToken).ConfigureAwait(false);
        return existing.ToDictionary(e => e.Key.Name, e => e.Value);
    }

    private static async Task<Dictionary<TriggerKey, DateTimeOffset?>> ExistingAsync(IScheduler scheduler, string group, CancellationToken cancellationToken)
    {
        var page = await scheduler.QueryTriggers(new TriggerQuery { Group = GroupMatcher<TriggerKey>.GroupEquals(group) }, cancellationToken).ConfigureAwait(false);
        return page.Items.ToDictionary(h => h.Key, h => h.NextFireTimeUtc);
    }

    private ITrigger Trigger(TriggerKey key, SlaTimer timer, Priority priority)
    {
        var settings = options.Value;
        return TriggerBuilder.Create(time)
            .WithIdentity(key)
            .ForJob(SchedulingKeys.SlaTimerJob)
            .WithDescription($"{timer.IncidentId} {timer.Step}")
            .StartAt(timer.DueAt)
            .WithPriority(10 - (int)priority)
            .UsingJobData(SchedulingKeys.IncidentIdData, timer.IncidentId)
            .UsingJobData(SchedulingKeys.StepData, timer.Step)
            .WithRetryPolicy(RetryPolicy.Exponential(settings.RetryAttempts, settings.RetryInitialDelay, 2.0, settings.RetryMaxDelay))
            .Build();
    }
}
