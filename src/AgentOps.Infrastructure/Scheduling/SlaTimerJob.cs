using AgentOps.Core.Orchestration.Sla;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AgentOps.Infrastructure.Scheduling;

/// <summary>
/// Fires one SLA step of one incident (trigger data <c>incidentId</c>, <c>step</c>) through <see cref="SlaEscalator"/>.
/// A failure is thrown back to Quartz, which retries it under the trigger's backoff policy; when retries run out,
/// <see cref="JobFailureListener"/> records it on the incident's timeline.
/// </summary>
public sealed partial class SlaTimerJob(SlaEscalator escalator, ILogger<SlaTimerJob> logger) : IJob
{
    /// <inheritdoc />
    /// <exception cref="JobExecutionException">The trigger carries no incident or step.</exception>
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var incidentId = SchedulingKeys.Read(context.MergedJobDataMap, SchedulingKeys.IncidentIdData);
        var step = SchedulingKeys.Read(context.MergedJobDataMap, SchedulingKeys.StepData);
        if (incidentId is null || step is null)
        {
            throw new JobExecutionException($"Trigger {context.Trigger.Key} has no incident or step in its data.") { UnscheduleFiringTrigger = true };
        }

        var result = await escalator.FireAsync(incidentId, step, cancellationToken).ConfigureAwait(false);
        LogFired(incidentId, step, result, context.ScheduledFireTimeUtc, context.Scheduler.SchedulerInstanceId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SLA step {Step} of {IncidentId}: {Result} (due {DueAt}, node {Node})")]
    private partial void LogFired(string incidentId, string step, SlaFireResult result, DateTimeOffset? dueAt, string node);
}
