using AgentOps.Core.Orchestration.Sla;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AgentOps.Infrastructure.Scheduling;

/// <summary>Periodic: re-syncs every open incident's SLA timers and flags stale incidents (<see cref="StaleIncidentSweeper"/>).</summary>
[DisallowConcurrentExecution]
public sealed partial class StaleIncidentSweepJob(StaleIncidentSweeper sweeper, ILogger<StaleIncidentSweepJob> logger) : IJob
{
    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var (examined, stale) = await sweeper.SweepAsync(cancellationToken).ConfigureAwait(false);
        LogSwept(examined, stale);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep: {Examined} open incidents re-synced, {Stale} newly stale")]
    private partial void LogSwept(int examined, int stale);
}
