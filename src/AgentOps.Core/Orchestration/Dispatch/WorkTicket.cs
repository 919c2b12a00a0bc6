namespace AgentOps.Core.Orchestration.Dispatch;

/// <summary>The receipt for an enqueued <see cref="WorkItem"/>: its sequence number, its state and its completion.</summary>
public sealed class WorkTicket
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state = (int)WorkItemState.Pending;

    internal WorkTicket(long sequence, WorkItem item, DateTimeOffset enqueuedAt)
    {
        Sequence = sequence;
        Item = item;
        EnqueuedAt = enqueuedAt;
    }

    /// <summary>Order of arrival, from 1; breaks ties between items of the same effective priority (first in, first out).</summary>
    public long Sequence { get; }

    public WorkItem Item { get; }

    /// <summary>When it was enqueued (from the dispatcher's <see cref="TimeProvider"/>); aging counts from here.</summary>
    public DateTimeOffset EnqueuedAt { get; }

    /// <summary>When it started running, once it has.</summary>
    public DateTimeOffset? StartedAt { get; internal set; }

    public WorkItemState State => (WorkItemState)Volatile.Read(ref _state);

    /// <summary>
    /// Completes when the item has run (faulted with the work's exception if it threw) or was cancelled
    /// (<see cref="TaskCanceledException"/>) before or while running.
    /// </summary>
    public Task Completion => _completion.Task;

    internal CancellationTokenSource? Cancellation { get; set; }

    internal LinkedListNode<WorkTicket>? Node { get; set; }

    internal void MarkRunning() => Volatile.Write(ref _state, (int)WorkItemState.Running);

    internal void Succeed()
    {
        Volatile.Write(ref _state, (int)WorkItemState.Succeeded);
        _completion.TrySetResult();
    }

    internal void Fail(Exception exception)
    {
        Volatile.Write(ref _state, (int)WorkItemState.Failed);
        _completion.TrySetException(exception);
    }

    internal void Cancel()
    {
        Volatile.Write(ref _state, (int)WorkItemState.Cancelled);
        _completion.TrySetCanceled();
    }
}
