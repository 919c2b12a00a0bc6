using System.Data;
using System.Data.Common;
using Npgsql;

namespace AgentOps.Infrastructure.Storage;

/// <summary>
/// PostgreSQL through an <see cref="NpgsqlDataSource"/>: writes in READ COMMITTED (row locks and the version check
/// decide conflicts), reads in REPEATABLE READ, outbox claims with <c>FOR UPDATE SKIP LOCKED</c>, migrations
/// serialized by a transaction-scoped advisory lock.
/// </summary>
internal sealed class PostgresDialect : SqlDialect
{
    // Any constant works as long as no other program uses it on the same database: "AgOps" in ASCII.
    private const long MigrationLockKey = 0x41674F7073;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresDialect(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Description = $"PostgreSQL database {builder.Database ?? builder.Username} on {builder.Host}:{builder.Port}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public override string Description { get; }

    public override string AutoIncrementPrimaryKey => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

    public override string SkipLockedClause => " FOR UPDATE SKIP LOCKED";

    public override string CustomerEmailSql => "(CAST(json AS jsonb) -> 'customer' ->> 'email')";

    public override string TableExistsSql =>
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @name";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    public override async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);

    public override async Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({MigrationLockKey})";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override bool IsUnavailable(DbException exception) => exception switch
    {
        // 3D000: no such database; 28xxx: authentication; 57P03: starting up or shutting down.
        PostgresException pg => pg.SqlState is "3D000" or "57P03" || pg.SqlState.StartsWith("28", StringComparison.Ordinal),
        NpgsqlException => true,
        _ => false,
    };

    public override void Dispose() => _dataSource.Dispose();
}
