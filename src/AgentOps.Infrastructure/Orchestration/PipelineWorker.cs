using System.Globalization;
using AgentOps.Core.Orchestration.Dispatch;
using AgentOps.Core.Orchestration.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Orchestration;

/// <summary>
/// The autonomous pipeline of <c>agentops serve</c>: claims due incidents in the store (leases, so several nodes can
/// share one database and no incident is worked twice), runs the <see cref="IncidentPipeline"/> on each, renews the
/// claims while it works, and releases them with the version it is done with. Woken at once by a local intake, else
/// every <see cref="PipelineOptions.PollInterval"/>.
/// </summary>
/// <remarks>
/// A claim that cannot be renewed (its lease ran out and another node took the incident) cancels the local work; an
/// incident found resolved, closed or merged while it is worked has its work items cancelled. When the node stops (or
/// dies), its claims are not released: they are taken over by another node once their lease has run out, and nothing
/// half-done was saved. A pass that fails (the store is down) releases the claim with a retry time.
/// </remarks>
public sealed partial class PipelineWorker : BackgroundService
{
    private readonly IIncidentClaimStore _claims;
    private readonly IncidentPipeline _pipeline;
    private readonly WorkDispatcher _dispatcher;
    private readonly PipelineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PipelineWorker> _logger;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Dictionary<string, Task> _sessions = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>Creates the worker.</summary>
    public PipelineWorker(
        IIncidentClaimStore claims,
        IncidentPipeline pipeline,
        WorkDispatcher dispatcher,
        IOptions<PipelineOptions> options,
        TimeProvider time,
        ILogger<PipelineWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _claims = claims;
        _pipeline = pipeline;
        _dispatcher = dispatcher;
        _options = options.Value;
        _time = time;
        _logger = logger;
        NodeId = string.IsNullOrWhiteSpace(_options.NodeId)
            ? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}")
            : _options.NodeId;
    }

    /// <summary>This node's name in claims and on the timeline.</summary>
    public string NodeId { get; }

    /// <summary>Incidents this node is working now.</summary>
    public int ActiveCount
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Looks for due incidents now instead of at the next poll (a new or updated incident was saved).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(NodeId, _options.LeaseDuration.TotalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var free = _options.MaxConcurrentIncidents - ActiveCount;
            if (free > 0)
            {
                try
                {
                    var claimed = await _claims.ClaimIncidentsAsync(NodeId, free, _time.GetUtcNow(), _options.LeaseDuration, stoppingToken).ConfigureAwait(false);
                    foreach (var id in claimed)
                    {
                        Start(id, stoppingToken);
                    }

                    if (claimed.Count == free)
                    {
                        // Maybe more are due: look again as soon as a slot frees.
                        continue;
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
#pragma warning disable CA1031 // Job boundary: a failing store must not stop the worker; the next poll retries.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogClaimFailed(ex);
                }
            }

            try
            {
                await _wake.WaitAsync(_options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Task[] running;
        lock (_gate)
        {
            running = [.. _sessions.Values];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private void Start(string incidentId, CancellationToken stoppingToken)
    {
        lock (_gate)
        {
            if (_sessions.ContainsKey(incidentId))
            {
                return;
            }

            var session = Task.Run(() => WorkAsync(incidentId, stoppingToken), CancellationToken.None);
            _sessions[incidentId] = session;
            _ = session.ContinueWith(
                _ =>
                {
                    lock (_gate)
                    {
                        _sessions.Remove(incidentId);
                    }

                    Wake();
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task WorkAsync(string incidentId, CancellationToken stoppingToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(incidentId, session, heartbeatStop.Token);
        try
        {
            var result = await _pipeline.RunAsync(incidentId, NodeId, session.Token).ConfigureAwait(false);
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            await _claims.ReleaseIncidentClaimAsync(incidentId, NodeId, result.Version, _time.GetUtcNow(), null, CancellationToken.None).ConfigureAwait(false);
            if (result.StepsRun > 0)
            {
                LogPass(incidentId, result.StepsRun, result.StepsFailed, result.StepsCancelled, result.State?.ToString() ?? "gone");
            }
        }
        catch (OperationCanceledException) when (session.IsCancellationRequested)
        {
            // The node stops or lost the claim: the lease runs out and the incident is worked again (here or elsewhere).
            LogAbandoned(incidentId, stoppingToken.IsCancellationRequested ? "the node stops" : "the claim was lost");
        }
#pragma warning disable CA1031 // Job boundary: the pass failed as a whole (the store is down); the incident is due again later.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogPassFailed(ex, incidentId, _options.FailedPassRetryDelay.TotalSeconds);
            try
            {
                await _claims.ReleaseIncidentClaimAsync(
                    incidentId, NodeId, null, _time.GetUtcNow() + _options.FailedPassRetryDelay, ex.Message, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The lease runs out by itself when even the release fails.
            catch (Exception releaseFailure)
#pragma warning restore CA1031
            {
                LogReleaseFailed(releaseFailure, incidentId);
            }
        }
        finally
        {
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
        }
    }

    private async Task HeartbeatAsync(string incidentId, CancellationTokenSource session, CancellationToken stop)
    {
        var interval = _options.LeaseDuration / 3;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _time, stop).ConfigureAwait(false);
                var renewal = await _claims.RenewIncidentClaimAsync(incidentId, NodeId, _time.GetUtcNow(), _options.LeaseDuration, stop).ConfigureAwait(false);
                if (!renewal.Held)
                {
                    LogClaimLost(incidentId);
                    await session.CancelAsync().ConfigureAwait(false);
                    return;
                }

                if (renewal.State is not { } state || !PipelinePlanner.IsActive(state))
                {
                    var cancelled = _dispatcher.CancelIncident(incidentId);
                    LogCancelled(incidentId, renewal.State?.ToString() ?? "gone", cancelled);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed renewal is retried at the next beat; the pass's own saves fail if the store is really gone.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogRenewFailed(ex, incidentId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline node {Node} started (lease {LeaseSeconds} s)")]
    private partial void LogStarted(string node, double leaseSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {IncidentId}: {Steps} steps ({Failed} failed, {Cancelled} cancelled), now {State}")]
    private partial void LogPass(string incidentId, int steps, int failed, int cancelled, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {IncidentId} abandoned: {Reason}")]
    private partial void LogAbandoned(string incidentId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline pass over {IncidentId} failed; due again in {RetrySeconds} s")]
    private partial void LogPassFailed(Exception exception, string incidentId, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Releasing the claim on {IncidentId} failed; its lease will run out")]
    private partial void LogReleaseFailed(Exception exception, string incidentId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Claiming incidents failed")]
    private partial void LogClaimFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claim on {IncidentId} lost to another node; local work cancelled")]
    private partial void LogClaimLost(string incidentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Incident {IncidentId} is {State}: {Cancelled} work items cancelled")]
    private partial void LogCancelled(string incidentId, string state, int cancelled);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the claim on {IncidentId} failed")]
    private partial void LogRenewFailed(Exception exception, string incidentId);
}
