using System.Data.Common;

namespace AgentOps.Infrastructure.Storage;

/// <summary>
/// What differs between the databases behind <see cref="SqlIncidentStore"/>: how connections and transactions are
/// opened, the identity column, row locking for the outbox claim, and the checks made before the first write.
/// Everything else (schema, queries, concurrency rules) is shared SQL.
/// </summary>
internal abstract class SqlDialect : IDisposable
{
    /// <summary>Names the database for messages, e.g. <c>SQLite database /srv/data/agentops.db</c>.</summary>
    public abstract string Description { get; }

    /// <summary>Column definition of an auto-incremented 64-bit primary key.</summary>
    public abstract string AutoIncrementPrimaryKey { get; }

    /// <summary>Appended to the select that picks outbox messages to claim, so concurrent claimers skip each other's rows.</summary>
    public abstract string SkipLockedClause { get; }

    /// <summary>A query with a <c>@name</c> parameter returning 1 when that table exists, else 0.</summary>
    public abstract string TableExistsSql { get; }

    /// <summary>An SQL expression reading the customer's email address out of the <c>json</c> column of <c>incidents</c>.</summary>
    public abstract string CustomerEmailSql { get; }

    /// <summary>Opens a connection ready for use.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Starts a transaction that will write; on SQLite it takes the write lock at once.</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a write transaction keeps every other writer out until it ends (SQLite's <c>BEGIN IMMEDIATE</c>), so that a
    /// batch may keep what it read and apply its own writes to it. False by default.
    /// </summary>
    public virtual bool WriteTransactionExcludesWriters => false;

    /// <summary>Starts a read-only transaction that sees one consistent snapshot.</summary>
    public abstract Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Checks an existing database without writing to it and returns a connection that cannot write, for reading the
    /// schema version; <see langword="null"/> when there is nothing to check (no file yet, or a server database).
    /// </summary>
    /// <exception cref="Core.Persistence.StoreException">The database is corrupt; it was not modified.</exception>
    public virtual Task<DbConnection?> OpenProbeAsync(CancellationToken cancellationToken) => Task.FromResult<DbConnection?>(null);

    /// <summary>Per-database settings made once before migrating (SQLite: WAL journal).</summary>
    public virtual Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Serializes concurrent migrations inside <paramref name="transaction"/> (PostgreSQL: advisory lock).</summary>
    public virtual Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether <paramref name="exception"/> means the database cannot be reached or opened at all.</summary>
    public abstract bool IsUnavailable(DbException exception);

    /// <summary>Releases pooled connections.</summary>
    public abstract void Dispose();
}
