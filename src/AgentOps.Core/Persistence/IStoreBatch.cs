namespace AgentOps.Core.Persistence;

/// <summary>
/// A batch of writes committed together (see <see cref="IIncidentStore.BeginBatch"/>): while it is open, the store calls
/// made from the async flow that began it run in one database transaction, so many small saves cost one commit. Each item
/// of the batch (e.g. one email) is bracketed by <see cref="BeginItemAsync"/> and <see cref="EndItemAsync"/>, which keep
/// or undo that item's writes alone. Nothing is durable before <see cref="CommitAsync"/>; disposing an uncommitted batch
/// undoes all of it.
/// </summary>
public interface IStoreBatch : IAsyncDisposable
{
    /// <summary>Starts an item: the writes that follow belong to it until <see cref="EndItemAsync"/>.</summary>
    /// <exception cref="StoreException">The database cannot be reached; the batch is unusable.</exception>
    /// <exception cref="InvalidOperationException">An item is already open, or the batch is finished.</exception>
    Task BeginItemAsync(CancellationToken cancellationToken = default);

    /// <summary>Ends the current item, keeping its writes in the batch (<paramref name="keep"/>) or undoing them.</summary>
    /// <exception cref="InvalidOperationException">No item is open.</exception>
    Task EndItemAsync(bool keep, CancellationToken cancellationToken = default);

    /// <summary>Commits every kept item at once; afterwards the store commits each call on its own again.</summary>
    /// <exception cref="StoreException">The commit failed: nothing of the batch was written.</exception>
    Task CommitAsync(CancellationToken cancellationToken = default);
}
