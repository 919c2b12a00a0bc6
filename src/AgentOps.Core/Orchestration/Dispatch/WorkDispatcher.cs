using AgentOps.Core.Model;

namespace AgentOps.Core.Orchestration.Dispatch;

/// <summary>
/// A priority work queue with bounded workers. The next item to run is the one of best <em>effective</em> priority
/// (its priority, raised one level per <see cref="DispatcherOptions.AgingInterval"/> waited, so P3/P4 never starve),
/// then first in first out, among the skills that are under their concurrency limit. Items of one incident are not
/// serialized: the tracks of an incident run in parallel. <see cref="CancelIncident"/> drops an incident's pending
/// items and cancels its running ones (resolved or merged incident).
/// </summary>
/// <remarks>
/// Event-driven: an item starts when it is enqueued or when a running item finishes, never on a timer. Aging is
/// evaluated at those moments from the injected <see cref="TimeProvider"/>. Thread-safe.
/// </remarks>
public sealed class WorkDispatcher : IAsyncDisposable
{
    private static readonly Priority[] Priorities = [Priority.P1, Priority.P2, Priority.P3, Priority.P4];

    private readonly object _gate = new();
    private readonly DispatcherOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, SkillLane> _lanes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<WorkTicket>> _byIncident = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<Task> _running = [];
    private readonly CancellationTokenSource _stopping = new();
    private long _sequence;
    private int _runningCount;
    private int _pendingCount;
    private bool _disposed;

    /// <summary>Creates a dispatcher.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is below 1 or the aging interval is not positive.</exception>
    public WorkDispatcher(DispatcherOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.DefaultSkillLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.AgingInterval, TimeSpan.Zero);
        _options = options;
        _time = time;
    }

    /// <summary>Items waiting for a worker.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pendingCount;
            }
        }
    }

    /// <summary>Items running now.</summary>
    public int RunningCount
    {
        get
        {
            lock (_gate)
            {
                return _runningCount;
            }
        }
    }

    /// <summary>Queues <paramref name="item"/>; it starts at once when a worker and its skill allow.</summary>
    /// <returns>The ticket, whose <see cref="WorkTicket.Completion"/> tells how the item ended.</returns>
    /// <exception cref="ObjectDisposedException">The dispatcher was disposed.</exception>
    public WorkTicket Enqueue(WorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentException.ThrowIfNullOrWhiteSpace(item.Skill);
        WorkTicket ticket;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ticket = new WorkTicket(++_sequence, item, _time.GetUtcNow());
            ticket.Node = Lane(item.Skill).Queues[(int)item.Priority - 1].AddLast(ticket);
            Track(ticket);
            _pendingCount++;
        }

        Pump();
        return ticket;
    }

    /// <summary>
    /// Cancels every pending and running item of <paramref name="incidentId"/> (the incident was resolved or merged).
    /// Pending items never start; running ones see their token cancelled.
    /// </summary>
    /// <returns>How many items were cancelled (pending and running).</returns>
    public int CancelIncident(string incidentId)
    {
        ArgumentNullException.ThrowIfNull(incidentId);
        List<WorkTicket> cancelledPending = [];
        List<CancellationTokenSource> running = [];
        lock (_gate)
        {
            if (!_byIncident.TryGetValue(incidentId, out var tickets))
            {
                return 0;
            }

            foreach (var ticket in tickets)
            {
                if (ticket.State == WorkItemState.Pending)
                {
                    Lane(ticket.Item.Skill).Queues[(int)ticket.Item.Priority - 1].Remove(ticket.Node!);
                    ticket.Node = null;
                    _pendingCount--;
                    cancelledPending.Add(ticket);
                }
                else if (ticket.Cancellation is { } cts)
                {
                    running.Add(cts);
                }
            }

            _byIncident.Remove(incidentId);
        }

        foreach (var ticket in cancelledPending)
        {
            ticket.Cancel();
        }

        foreach (var cts in running)
        {
            cts.Cancel();
        }

        return cancelledPending.Count + running.Count;
    }

    /// <summary>Re-evaluates the queue now, e.g. after time passed with no enqueue nor completion (aging).</summary>
    public void Pump()
    {
        lock (_gate)
        {
            while (TakeNext() is { } next)
            {
                // One worker per free slot; it keeps taking items until none is eligible, without a thread hop per item.
                var worker = Task.Run(() => WorkerAsync(next));
                _running.Add(worker);
                _ = worker.ContinueWith(Forget, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Stops dispatching, cancels pending and running items and waits for the running ones to end.</summary>
    public async ValueTask DisposeAsync()
    {
        List<WorkTicket> pending = [];
        Task[] running;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var lane in _lanes.Values)
            {
                foreach (var queue in lane.Queues)
                {
                    pending.AddRange(queue);
                    queue.Clear();
                }
            }

            _pendingCount = 0;
            running = [.. _running];
        }

        foreach (var ticket in pending)
        {
            ticket.Cancel();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(running).ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>The priority an item competes with now: one level better per aging interval waited, never better than P1.</summary>
    internal int EffectiveRank(WorkTicket ticket, DateTimeOffset now)
    {
        var waited = now - ticket.EnqueuedAt;
        var promotions = waited <= TimeSpan.Zero ? 0 : (int)Math.Min(3, waited.Ticks / _options.AgingInterval.Ticks);
        return Math.Max(1, (int)ticket.Item.Priority - promotions);
    }

    private WorkTicket? SelectNext(DateTimeOffset now)
    {
        WorkTicket? best = null;
        var bestRank = int.MaxValue;
        foreach (var (skill, lane) in _lanes)
        {
            if (lane.Running >= _options.LimitFor(skill))
            {
                continue;
            }

            foreach (var priority in Priorities)
            {
                // The head of each FIFO is its oldest item, hence the best effective priority of that queue.
                if (lane.Queues[(int)priority - 1].First?.Value is not { } head)
                {
                    continue;
                }

                var rank = EffectiveRank(head, now);
                if (best is null || rank < bestRank || (rank == bestRank && head.Sequence < best.Sequence))
                {
                    best = head;
                    bestRank = rank;
                }
            }
        }

        return best;
    }

    private async Task ExecuteAsync(WorkTicket ticket)
    {
        var token = ticket.Cancellation!.Token;
        try
        {
            token.ThrowIfCancellationRequested();
            await ticket.Item.Run(token).ConfigureAwait(false);
            ticket.Succeed();
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            ticket.Cancel();
        }
#pragma warning disable CA1031 // The work's failure is handed to its owner through the ticket, never lost.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ticket.Fail(ex);
        }
        finally
        {
            lock (_gate)
            {
                _runningCount--;
                Lane(ticket.Item.Skill).Running--;
                Untrack(ticket);
            }

            ticket.Cancellation.Dispose();
        }
    }

    private async Task WorkerAsync(WorkTicket first)
    {
        for (WorkTicket? ticket = first; ticket is not null;)
        {
            await ExecuteAsync(ticket).ConfigureAwait(false);
            lock (_gate)
            {
                ticket = TakeNext();
            }
        }
    }

    /// <summary>Takes the next eligible item and marks it running, or returns null. Call under the lock.</summary>
    private WorkTicket? TakeNext()
    {
        if (_disposed || _runningCount >= _options.MaxConcurrency || _pendingCount == 0)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var next = SelectNext(now);
        if (next is null)
        {
            return null;
        }

        var lane = Lane(next.Item.Skill);
        lane.Queues[(int)next.Item.Priority - 1].Remove(next.Node!);
        next.Node = null;
        _pendingCount--;
        _runningCount++;
        lane.Running++;
        next.Cancellation = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        next.StartedAt = now;
        next.MarkRunning();
        return next;
    }

    private void Forget(Task task)
    {
        lock (_gate)
        {
            _running.Remove(task);
        }
    }

    private SkillLane Lane(string skill)
    {
        if (!_lanes.TryGetValue(skill, out var lane))
        {
            lane = new SkillLane();
            _lanes[skill] = lane;
        }

        return lane;
    }

    private void Track(WorkTicket ticket)
    {
        if (!_byIncident.TryGetValue(ticket.Item.IncidentId, out var set))
        {
            set = [];
            _byIncident[ticket.Item.IncidentId] = set;
        }

        set.Add(ticket);
    }

    private void Untrack(WorkTicket ticket)
    {
        if (_byIncident.TryGetValue(ticket.Item.IncidentId, out var set) && set.Remove(ticket) && set.Count == 0)
        {
            _byIncident.Remove(ticket.Item.IncidentId);
        }
    }

    private sealed class SkillLane
    {
        public LinkedList<WorkTicket>[] Queues { get; } = [new(), new(), new(), new()];

        public int Running { get; set; }
    }
}
