using System.Buffers.Binary;
using System.Data;
using System.Data.Common;
using AgentOps.Core.Persistence;
using Microsoft.Data.Sqlite;

namespace AgentOps.Infrastructure.Storage;

/// <summary>
/// SQLite: one file, WAL journal, <c>synchronous=FULL</c>, writers serialized by <c>BEGIN IMMEDIATE</c> (so two
/// processes never deadlock upgrading a read lock) and waiting on each other through <c>busy_timeout</c>.
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    private const int SqliteCorrupt = 11;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;
    private static readonly byte[] HeaderMagic = "SQLite format 3\0"u8.ToArray();

    private readonly string _connectionString;
    private readonly string _readOnlyConnectionString;

    public SqliteDialect(string path)
    {
        FilePath = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30,
        }.ToString();
        _readOnlyConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
    }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }

    public override string Description => $"SQLite database {FilePath}";

    public override string AutoIncrementPrimaryKey => "INTEGER PRIMARY KEY AUTOINCREMENT";

    // BEGIN IMMEDIATE already gives the claimer the only write lock.
    public override string SkipLockedClause => string.Empty;

    public override string CustomerEmailSql => "json_extract(json, '$.customer.email')";

    public override string TableExistsSql => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            // A 16 MiB page cache (default 2 MiB) keeps a batch's written pages and the indexes it reads in memory.
            command.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL; PRAGMA cache_size = -16384;";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public override bool WriteTransactionExcludesWriters => true;

    /// <inheritdoc />
    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: false));

    public override Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    public override async Task<DbConnection?> OpenProbeAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }

        if (CheckHeader() is { } problem)
        {
            throw Corrupt(problem, null);
        }

        if (new FileInfo(FilePath).Length == 0)
        {
            // An empty file is how SQLite starts a new database.
            return null;
        }

        var connection = new SqliteConnection(_readOnlyConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check(1)";
            var result = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            if (!string.Equals(result, "ok", StringComparison.Ordinal))
            {
                throw Corrupt($"integrity check failed: {result}", null);
            }

            return connection;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Corrupt(ex.Message, ex);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL";
        var mode = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new StoreException($"{Description}: could not switch to WAL journal mode (got '{mode}'); is the file on a network share?");
        }
    }

    public override bool IsUnavailable(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteCantOpen or SqliteNotADatabase or SqliteCorrupt };

    public override void Dispose()
    {
        // Pooled connections keep the file open; release them so the last close checkpoints the WAL.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>Reads the 100-byte header without opening the file for writing; returns what is wrong, or null.</summary>
    private string? CheckHeader()
    {
        using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = stream.Length;
        if (length == 0)
        {
            return null;
        }

        var header = new byte[100];
        if (length < header.Length)
        {
            return $"it is {length} bytes long, shorter than an SQLite header";
        }

        stream.ReadExactly(header);
        if (!header.AsSpan(0, HeaderMagic.Length).SequenceEqual(HeaderMagic))
        {
            return "it does not start with the SQLite header";
        }

        var rawPageSize = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16, 2));
        var pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
        if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
        {
            return $"its header gives an invalid page size ({rawPageSize})";
        }

        if (length % pageSize != 0)
        {
            return $"it is truncated: {length} bytes is not a whole number of {pageSize}-byte pages";
        }

        var changeCounter = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(24, 4));
        var pageCount = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(28, 4));
        var validFor = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(92, 4));
        var hasJournal = HasContent(FilePath + "-wal") || HasContent(FilePath + "-journal");

        // With a WAL or rollback journal pending, the file may legitimately be shorter than the header says until recovery.
        if (!hasJournal && pageCount > 0 && validFor == changeCounter && length < (long)pageCount * pageSize)
        {
            return $"it is truncated: the header counts {pageCount} pages, the file holds {length / pageSize}";
        }

        return null;
    }

    private static bool HasContent(string path) => File.Exists(path) && new FileInfo(path).Length > 0;

    private StoreException Corrupt(string reason, Exception? inner) =>
        new($"The SQLite file {FilePath} is not a usable AgentOps database ({reason}). It was left untouched: " +
            $"restore it from a backup or point {StorageOptions.SectionName}:{nameof(StorageOptions.SqlitePath)} to another file.", inner);
}
