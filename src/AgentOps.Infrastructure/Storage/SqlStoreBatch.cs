using System.Data.Common;
using System.Runtime.CompilerServices;
using AgentOps.Core.Persistence;

namespace AgentOps.Infrastructure.Storage;

/// <summary>
/// The <see cref="IStoreBatch"/> of <see cref="SqlIncidentStore"/>: one connection and one write transaction, opened at
/// the first call, with a savepoint per item. Calls are serialized, since a connection serves one command at a time.
/// The commands run on the batch connection are kept and reused (see <see cref="CachedCommand"/>), so that each
/// statement is prepared once per batch rather than once per call.
/// </summary>
internal sealed class SqlStoreBatch : IStoreBatch
{
    private const string ItemSavepoint = "agentops_batch_item";

    // Statements with generated text (filters, IN lists) could be many: past this, the rest are not cached.
    private const int MaxCachedCommands = 64;

    private static readonly ConditionalWeakTable<DbConnection, SqlStoreBatch> Batches = [];

    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    private readonly Func<CancellationToken, Task<DbConnection>> _open;
    private readonly Func<DbConnection, CancellationToken, Task<DbTransaction>> _begin;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DbConnection? _connection;
    private DbTransaction? _transaction;
    private bool _itemOpen;
    private volatile bool _finished;

    public SqlStoreBatch(Func<CancellationToken, Task<DbConnection>> open, Func<DbConnection, CancellationToken, Task<DbTransaction>> begin)
    {
        _open = open;
        _begin = begin;
    }

    /// <summary>Sender histories read in this batch, when the store's write transaction keeps other writers out; else null.</summary>
    public SenderHistoryMemo? SenderHistory { get; init; }

    /// <summary>Whether the batch still takes calls (neither committed nor disposed).</summary>
    public bool IsOpen => !_finished;

    /// <summary>Runs <paramref name="work"/> inside the batch transaction.</summary>
    public async Task<T> RunAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (connection, transaction) = await StartAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection, transaction).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The batch's command for <paramref name="sql"/> when <paramref name="connection"/> is the connection of an open batch
    /// (created on first use, its parameters left to the caller); otherwise <see langword="null"/>.
    /// </summary>
    public static DbCommand? CachedCommand(DbConnection connection, string sql)
    {
        if (!Batches.TryGetValue(connection, out var batch))
        {
            return null;
        }

        if (batch._commands.TryGetValue(sql, out var command))
        {
            return command;
        }

        if (batch._commands.Count >= MaxCachedCommands)
        {
            return null;
        }

        command = connection.CreateCommand();
        command.CommandText = sql;
        batch._commands[sql] = command;
        return command;
    }

    public async Task BeginItemAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_itemOpen)
            {
                throw new InvalidOperationException("An item of this batch is already open: end it first.");
            }

            var (_, transaction) = await StartAsync(cancellationToken).ConfigureAwait(false);
            await transaction.SaveAsync(ItemSavepoint, cancellationToken).ConfigureAwait(false);
            _itemOpen = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task EndItemAsync(bool keep, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_itemOpen || _transaction is null)
            {
                throw new InvalidOperationException("No item of this batch is open.");
            }

            _itemOpen = false;
            if (!keep)
            {
                // Also clears an aborted PostgreSQL transaction after a failed statement.
                await _transaction.RollbackAsync(ItemSavepoint, cancellationToken).ConfigureAwait(false);
                SenderHistory?.Clear();
            }

            await _transaction.ReleaseAsync(ItemSavepoint, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_itemOpen)
            {
                throw new InvalidOperationException("An item of this batch is still open: end it before committing.");
            }

            ObjectDisposedException.ThrowIf(_finished, this);
            _finished = true;
            if (_transaction is not null)
            {
                try
                {
                    await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (DbException ex)
                {
                    throw new StoreException($"The batch could not be committed; none of it was written: {ex.Message}", ex);
                }
            }
        }
        finally
        {
            _gate.Release();
            await CloseAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _finished = true;
        await CloseAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private async Task<(DbConnection Connection, DbTransaction Transaction)> StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_connection is not null && _transaction is not null)
        {
            return (_connection, _transaction);
        }

        _connection = await _open(cancellationToken).ConfigureAwait(false);
        _transaction = await _begin(_connection, cancellationToken).ConfigureAwait(false);
        Batches.AddOrUpdate(_connection, this);
        return (_connection, _transaction);
    }

    private async Task CloseAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        _commands.Clear();

        // Disposing an uncommitted transaction rolls it back.
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync().ConfigureAwait(false);
            _transaction = null;
        }

        if (_connection is not null)
        {
            Batches.Remove(_connection);
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }
}
