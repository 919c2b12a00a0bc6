using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Core.Telemetry;

namespace AgentOps.Core.Communication;

/// <summary>
/// Delivers due outbox messages: claims them with a lease, calls the handler of their kind, then completes them or
/// records the failure with exponential backoff; after <see cref="OutboxDispatcherOptions.MaxAttempts"/> they are kept as dead.
/// Nothing is ever deleted, so an unreachable SMTP server or webhook loses nothing.
/// </summary>
public sealed class OutboxDispatcher
{
    private readonly IIncidentStore _store;
    private readonly Dictionary<string, IOutboxHandler> _handlers;
    private readonly IReadOnlyList<IOutboxDeliveryListener> _listeners;
    private readonly OutboxDispatcherOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a dispatcher.</summary>
    /// <exception cref="ArgumentException">Two handlers claim the same kind.</exception>
    public OutboxDispatcher(
        IIncidentStore store,
        IEnumerable<IOutboxHandler> handlers,
        IEnumerable<IOutboxDeliveryListener> listeners,
        OutboxDispatcherOptions options,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _handlers = new Dictionary<string, IOutboxHandler>(StringComparer.OrdinalIgnoreCase);
        foreach (var handler in handlers)
        {
            if (!_handlers.TryAdd(handler.Kind, handler))
            {
                throw new ArgumentException($"Two outbox handlers deliver kind '{handler.Kind}'.", nameof(handlers));
            }
        }

        _listeners = listeners?.ToList() ?? [];
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The kinds this dispatcher can deliver.</summary>
    public IReadOnlyCollection<string> Kinds => _handlers.Keys;

    /// <summary>Claims and delivers one batch of due messages.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; messages being delivered stay claimed until their lease expires.</exception>
    public async Task<OutboxDispatchReport> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var claimed = await _store.ClaimOutboxAsync(_options.Owner, _options.BatchSize, _time.GetUtcNow(), _options.Lease, cancellationToken).ConfigureAwait(false);
        int delivered = 0, retrying = 0, dead = 0;
        foreach (var message in claimed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (error, permanent) = await TryDeliverAsync(message, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (error is null)
            {
                await _store.CompleteOutboxAsync(message.Id, now, cancellationToken).ConfigureAwait(false);
                delivered++;
                foreach (var listener in _listeners)
                {
                    await NotifyAsync(() => listener.OnDeliveredAsync(message, now, cancellationToken)).ConfigureAwait(false);
                }

                continue;
            }

            var attempt = message.Attempts + 1;
            var isDead = permanent || attempt >= _options.MaxAttempts;
            await _store.FailOutboxAsync(message.Id, error, now + _options.RetryDelay(attempt), isDead, cancellationToken).ConfigureAwait(false);
            if (isDead)
            {
                dead++;
            }
            else
            {
                retrying++;
            }

            foreach (var listener in _listeners)
            {
                await NotifyAsync(() => listener.OnFailedAsync(message, error, attempt, isDead, now, cancellationToken)).ConfigureAwait(false);
            }
        }

        AgentOpsMetrics.RecordOutboxPass(delivered, retrying, dead);
        return new OutboxDispatchReport(claimed.Count, delivered, retrying, dead);
    }

    /// <summary>Messages not delivered yet (pending, retrying or dead), oldest first, with their attempts and last error: what <c>agentops status</c> shows.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ListUndeliveredAsync(string? incidentId = null, CancellationToken cancellationToken = default)
    {
        var all = await _store.ListOutboxAsync(incidentId, cancellationToken).ConfigureAwait(false);
        return all.Where(m => m.Status != OutboxStatus.Delivered).ToList();
    }

    private async Task<(string? Error, bool Permanent)> TryDeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(message.Kind, out var handler))
        {
            return ($"No handler delivers outbox kind '{message.Kind}' (registered: {string.Join(", ", _handlers.Keys)}).", false);
        }

        try
        {
            await handler.DeliverAsync(message, cancellationToken).ConfigureAwait(false);
            return (null, false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OutboxDeliveryException ex)
        {
            return (ex.Message, ex.Permanent);
        }
        catch (Exception ex)
        {
            // Stage boundary: any failure of a handler becomes a recorded, retried error.
            return ($"{ex.GetType().Name}: {ex.Message}", false);
        }
    }

    private static async Task NotifyAsync(Func<Task> notify)
    {
        try
        {
            await notify().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The delivery itself is recorded in the outbox; a listener failing (e.g. a concurrent incident save)
            // must not turn a delivered message into a failed one.
        }
    }
}
