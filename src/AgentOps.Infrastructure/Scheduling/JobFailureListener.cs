using AgentOps.Core.Orchestration.Sla;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AgentOps.Infrastructure.Scheduling;

/// <summary>
/// When a job has failed and its retries are exhausted: an SLA step is recorded on its incident's timeline with an
/// alert (<see cref="SlaEscalator.RecordFailureAsync"/>); any failure is logged as an error. Never silent.
/// </summary>
public sealed partial class JobFailureListener(IServiceScopeFactory scopes, ILogger<JobFailureListener> logger) : ITriggerListener
{
    /// <inheritdoc />
    public string Name => "agentops-job-failures";

    /// <inheritdoc />
    public async ValueTask TriggerRetriesExhausted(ITrigger trigger, IJobExecutionContext context, JobExecutionException exception, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        var error = exception.GetBaseException().Message;
        var attempts = context.RetryAttempt + 1;
        LogExhausted(exception, trigger.JobKey.ToString(), trigger.Key.ToString(), attempts, error);
        var incidentId = SchedulingKeys.Read(context.MergedJobDataMap, SchedulingKeys.IncidentIdData);
        var step = SchedulingKeys.Read(context.MergedJobDataMap, SchedulingKeys.StepData);
        if (incidentId is null || step is null)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var escalator = scope.ServiceProvider.GetRequiredService<SlaEscalator>();
            await escalator.RecordFailureAsync(incidentId, step, error, attempts, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The job boundary: the failure to record is itself logged, and the sweep retries the step.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogNotRecorded(ex, incidentId, step);
        }
    }

    /// <inheritdoc />
    public ValueTask TriggerFired(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask<bool> VetoJobExecution(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

    /// <inheritdoc />
    public ValueTask TriggerMisfired(ITrigger trigger, IScheduler scheduler, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask TriggerSkipped(ITrigger trigger, IScheduler scheduler, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask TriggerComplete(ITrigger trigger, IJobExecutionContext context, SchedulerInstruction triggerInstructionCode, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {Job} ({Trigger}) failed {Attempts} times, giving up: {Error}")]
    private partial void LogExhausted(Exception exception, string job, string trigger, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the failure of SLA step {Step} on {IncidentId}; the next sweep schedules it again")]
    private partial void LogNotRecorded(Exception exception, string incidentId, string step);
}
