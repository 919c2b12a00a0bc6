using AgentOps.Core.Communication;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentOps.Infrastructure.Communication;

/// <summary>Runs <see cref="OutboxDispatcher"/> in the background (for <c>agentops serve</c>): a pass every poll interval, at once again when a batch was full.</summary>
public sealed partial class OutboxDispatcherHostedService : BackgroundService
{
    private readonly OutboxDispatcher _dispatcher;
    private readonly OutboxDispatcherOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxDispatcherHostedService> _logger;

    /// <summary>Creates the service.</summary>
    public OutboxDispatcherHostedService(OutboxDispatcher dispatcher, OutboxDispatcherOptions options, TimeProvider time, ILogger<OutboxDispatcherHostedService> logger)
    {
        _dispatcher = dispatcher;
        _options = options;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var full = false;
            try
            {
                var report = await _dispatcher.DispatchDueAsync(stoppingToken).ConfigureAwait(false);
                if (report.Claimed > 0)
                {
                    LogPass(report.Claimed, report.Delivered, report.Retrying, report.Dead);
                }

                full = report.Claimed >= _options.BatchSize;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Job boundary: a failing store must not stop the dispatcher; the next pass retries.
                LogFailure(ex);
            }

            if (!full)
            {
                try
                {
                    await Task.Delay(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox pass: {Claimed} claimed, {Delivered} delivered, {Retrying} retrying, {Dead} dead")]
    private partial void LogPass(int claimed, int delivered, int retrying, int dead);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox pass failed")]
    private partial void LogFailure(Exception exception);
}
