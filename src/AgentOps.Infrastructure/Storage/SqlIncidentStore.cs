using System.Data.Common;
using System.Globalization;
using System.Text;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Pipeline;
using AgentOps.Core.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentOps.Infrastructure.Storage;

/// <summary>
/// The durable <see cref="IIncidentStore"/> on SQLite (embedded default) or PostgreSQL: one ADO.NET implementation,
/// with the few differences between the two in a dialect. The schema is created and migrated by
/// <see cref="InitializeAsync"/>, which every other member calls first, so a new store can be used at once.
/// </summary>
/// <remarks>
/// Saves are optimistic: the incident row is updated only when its version is still the one read, and the new
/// timeline events, outbox messages, message ids and checkpoints are written in the same transaction, so either all
/// of them land or none. Timeline rows are only ever inserted and outbox messages are never deleted.
/// </remarks>
public sealed partial class SqlIncidentStore : IIncidentStore, IIncidentClaimStore, IDisposable, IAsyncDisposable
{
    private const string OutboxColumns =
        "seq, id, incident_id, kind, payload, status, attempts, last_error, created_at, next_attempt_at";

    private readonly SqlDialect _dialect;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initializeLock = new(1, 1);
    private readonly AsyncLocal<SqlStoreBatch?> _batch = new();
    private volatile bool _initialized;

    private SqlIncidentStore(SqlDialect dialect, TimeProvider? timeProvider, ILogger<SqlIncidentStore>? logger)
    {
        _dialect = dialect;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<SqlIncidentStore>.Instance;
    }

    /// <summary>The newest schema version this program creates and understands.</summary>
    public static int SchemaVersion => SchemaMigrations.Latest;

    /// <summary>Names the database, e.g. <c>SQLite database /srv/agentops/data/agentops.db</c>, for messages and <c>status</c>.</summary>
    public string Description => _dialect.Description;

    /// <summary>A store on the SQLite file <paramref name="path"/> (created with its folder when missing).</summary>
    /// <param name="path">The database file; a relative path resolves against the current working directory.</param>
    /// <param name="timeProvider">Clock for <c>updated_at</c>; default the system clock.</param>
    /// <param name="logger">Logs applied migrations; default none.</param>
    public static SqlIncidentStore ForSqlite(string path, TimeProvider? timeProvider = null, ILogger<SqlIncidentStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new SqlIncidentStore(new SqliteDialect(path), timeProvider, logger);
    }

    /// <summary>A store in the PostgreSQL database named by <paramref name="connectionString"/> (the database must exist).</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="timeProvider">Clock for <c>updated_at</c>; default the system clock.</param>
    /// <param name="logger">Logs applied migrations; default none.</param>
    /// <exception cref="ArgumentException">The connection string cannot be parsed.</exception>
    public static SqlIncidentStore ForPostgres(string connectionString, TimeProvider? timeProvider = null, ILogger<SqlIncidentStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new SqlIncidentStore(new PostgresDialect(connectionString), timeProvider, logger);
    }

    /// <summary>The store <paramref name="options"/> select; a relative SQLite path resolves against <paramref name="currentDirectory"/>.</summary>
    public static SqlIncidentStore Create(StorageOptions options, string currentDirectory, TimeProvider? timeProvider = null, ILogger<SqlIncidentStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.UsesPostgres
            ? ForPostgres(options.PostgresConnectionString ?? string.Empty, timeProvider, logger)
            : ForSqlite(options.ResolveSqlitePath(currentDirectory), timeProvider, logger);
    }

    /// <summary>
    /// Checks the database and brings its schema to <see cref="SchemaVersion"/>, once per store; later calls return at once.
    /// Pending migrations are applied in one transaction, serialized between processes.
    /// </summary>
    /// <exception cref="StoreException">
    /// The database cannot be opened, is corrupt, or has a schema newer than this program; nothing was written to it.
    /// </exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        await _initializeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            await MigrateAsync(cancellationToken).ConfigureAwait(false);
            _initialized = true;
        }
        finally
        {
            _initializeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<string> NextIncidentIdAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var year = now.Year;
        var number = await WriteAsync(
            (connection, transaction) => ScalarInt64Async(
                connection,
                transaction,
                "INSERT INTO incident_counters (year, next_number) VALUES (@year, 2) " +
                "ON CONFLICT (year) DO UPDATE SET next_number = incident_counters.next_number + 1 RETURNING next_number - 1",
                cancellationToken,
                ("@year", year)),
            cancellationToken).ConfigureAwait(false);
        return string.Create(CultureInfo.InvariantCulture, $"INC-{year:D4}-{number:D4}");
    }

    /// <inheritdoc />
    public Task<Incident?> FindAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incidentId);
        return ReadAsync(
            async (connection, transaction) =>
            {
                var found = await ReadIncidentsAsync(
                    connection, transaction, "SELECT version, json FROM incidents WHERE id = @id", cancellationToken, ("@id", incidentId)).ConfigureAwait(false);
                return found.Count == 0 ? null : found[0];
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">A negative limit or offset.</exception>
    public async Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        if (query.Limit == 0)
        {
            return [];
        }

        var sql = new StringBuilder("SELECT version, json FROM incidents WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        AppendFilters(query, sql, parameters);
        sql.Append(" ORDER BY priority, created_at, id LIMIT @limit OFFSET @offset");
        parameters.Add(("@limit", query.Limit));
        parameters.Add(("@offset", query.Offset));
        return await ReadAsync(
            (connection, transaction) => ReadIncidentsAsync(connection, transaction, sql.ToString(), cancellationToken, [.. parameters]),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Two queries in one read transaction on the <c>ix_incidents_sender_history</c> index (domain, priority, creation,
    /// customer email); neither reads an incident document nor any timeline. Inside a batch on SQLite (whose write
    /// transaction keeps other writers out), the rows read are kept per domain with the batch's own saves applied to
    /// them (<see cref="SenderHistoryMemo"/>), so that many emails of one domain in a batch read them once.
    /// </remarks>
    public Task<SenderHistory> GetSenderHistoryAsync(
        string customerDomain, string senderEmail, DateTimeOffset openSince, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerDomain);
        ArgumentNullException.ThrowIfNull(senderEmail);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var domain = customerDomain.Trim().ToLowerInvariant();
        var email = senderEmail.ToLowerInvariant();
        var since = openSince.UtcTicks;
        var memo = _batch.Value is { IsOpen: true } batch ? batch.SenderHistory : null;
        if (memo is not null && memo.TryGet(domain, email, since, limit, out var kept))
        {
            return Task.FromResult(kept);
        }

        var byDomain = domain.Length > 0 ? " AND customer_domain = @domain" : string.Empty;
        var open = IncidentQuery.Open.States;
        var states = string.Join(", ", open.Select((_, i) => $"@state{i}"));
        (string, object?)[] parameters =
        [
            ("@domain", domain),
            ("@email", email),
            ("@since", since),
            ("@limit", limit),
            .. open.Select((state, i) => ((string, object?))($"@state{i}", state.ToString())),
        ];
        return ReadAsync(
            async (connection, transaction) =>
            {
                int previous;
                List<SenderHistoryMemo.Row>? all = null;
                if (memo is null)
                {
                    previous = (int)await ScalarInt64Async(
                        connection,
                        transaction,
                        $"SELECT COUNT(*) FROM (SELECT customer_email FROM incidents WHERE 1 = 1{byDomain} ORDER BY priority, created_at, id LIMIT @limit) history " +
                        "WHERE customer_email = @email",
                        cancellationToken,
                        parameters).ConfigureAwait(false);
                }
                else
                {
                    // The list the count is made over, kept for the next emails of the domain (an index-only read).
                    all = [];
                    await using var listed = RentCommand(
                        connection,
                        transaction,
                        $"SELECT id, priority, created_at, customer_email FROM incidents WHERE 1 = 1{byDomain} ORDER BY priority, created_at, id LIMIT @limit",
                        parameters);
                    await using var rows = await listed.Command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        all.Add(new SenderHistoryMemo.Row(
                            rows.GetString(0), rows.GetInt32(1), rows.GetInt64(2), rows.IsDBNull(3) ? null : rows.GetString(3), string.Empty, string.Empty));
                    }

                    previous = all.Count(r => r.Email == email);
                }

                var recent = new List<IncidentHeader>();
                var openRows = new List<SenderHistoryMemo.Row>();
                await using var command = RentCommand(
                    connection,
                    transaction,
                    $"SELECT id, title, state, created_at, priority FROM incidents WHERE state IN ({states}) AND created_at >= @since{byDomain} " +
                    "ORDER BY priority, created_at, id LIMIT @limit",
                    parameters);
                await using var reader = await command.Command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var (id, title, state, created) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3));
                    recent.Add(new IncidentHeader(id, title, Enum.Parse<IncidentState>(state), FromTicks(created)));
                    openRows.Add(new SenderHistoryMemo.Row(id, reader.GetInt32(4), created, null, state, title));
                }

                if (memo is not null)
                {
                    memo.Remember(domain, limit, since, all!, openRows);
                }

                return new SenderHistory(previous, recent);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The incident holds fewer timeline events than the store: it was not loaded from it.</exception>
    public async Task SaveAsync(Incident incident, ChangeSet? changes = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var expectedVersion = incident.Version;
        var json = IncidentSerializer.Serialize(incident);
        var now = _timeProvider.GetUtcNow().UtcTicks;
        var domain = incident.Customer?.Domain.Trim().ToLowerInvariant();
        var email = incident.Customer?.Email.ToLowerInvariant();
        (string, object?)[] row =
        [
            ("@id", incident.Id),
            ("@expected", expectedVersion),
            ("@version", expectedVersion + 1),
            ("@state", incident.State.ToString()),
            ("@priority", (int)incident.Priority),
            ("@title", incident.Title),
            ("@domain", domain),
            ("@email", email),
            ("@search", $"{incident.Id}\u001f{incident.Title}".ToLowerInvariant()),
            ("@created", incident.CreatedAt.UtcTicks),
            ("@updated", now),
            ("@json", json),
        ];

        await WriteAsync(
            async (connection, transaction) =>
            {
                var rows = await ExecuteAsync(
                    connection,
                    transaction,
                    expectedVersion == 0
                        ? "INSERT INTO incidents (id, version, state, priority, title, customer_domain, customer_email, search_text, created_at, updated_at, json) " +
                          "VALUES (@id, @version, @state, @priority, @title, @domain, @email, @search, @created, @updated, @json) ON CONFLICT (id) DO NOTHING"
                        : "UPDATE incidents SET version = @version, state = @state, priority = @priority, title = @title, customer_domain = @domain, " +
                          "customer_email = @email, search_text = @search, updated_at = @updated, json = @json WHERE id = @id AND version = @expected",
                    cancellationToken,
                    row).ConfigureAwait(false);
                if (rows == 0)
                {
                    throw new ConcurrencyException(incident.Id, expectedVersion);
                }

                // A row just inserted has no timeline yet (events reference their incident), so there is nothing to count.
                await AppendTimelineAsync(connection, transaction, incident, expectedVersion == 0, cancellationToken).ConfigureAwait(false);
                var messageIds = incident.MessageIds.Concat(changes?.MessageIds ?? []).ToHashSet(StringComparer.Ordinal);
                if (expectedVersion > 0 && messageIds.Count > 1)
                {
                    // An incident that gathers a thread or a burst holds many ids: insert only those not indexed yet.
                    await using var indexed = RentCommand(
                        connection, transaction, "SELECT message_id FROM message_index WHERE incident_id = @id", [("@id", incident.Id)]);
                    await using var reader = await indexed.Command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        messageIds.Remove(reader.GetString(0));
                    }
                }

                foreach (var messageId in messageIds)
                {
                    await ExecuteAsync(
                        connection,
                        transaction,
                        "INSERT INTO message_index (message_id, incident_id) VALUES (@message, @id) ON CONFLICT (message_id) DO NOTHING",
                        cancellationToken,
                        ("@message", messageId),
                        ("@id", incident.Id)).ConfigureAwait(false);
                }

                foreach (var message in changes?.Outbox ?? [])
                {
                    await InsertOutboxAsync(connection, transaction, message, cancellationToken).ConfigureAwait(false);
                }

                foreach (var (key, value) in changes?.Checkpoints ?? [])
                {
                    await UpsertCheckpointAsync(connection, transaction, key, value, cancellationToken).ConfigureAwait(false);
                }

                return rows;
            },
            cancellationToken).ConfigureAwait(false);
        incident.Version = expectedVersion + 1;
        if (_batch.Value is { IsOpen: true, SenderHistory: { } memo })
        {
            memo.Saved(
                new SenderHistoryMemo.Row(incident.Id, (int)incident.Priority, incident.CreatedAt.UtcTicks, email, incident.State.ToString(), incident.Title),
                domain,
                inserted: expectedVersion == 0);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The batch holds one write transaction (on SQLite the write lock, so other writers wait for its commit) with a
    /// savepoint per item; keep batches short (tens of messages).
    /// </remarks>
    public IStoreBatch? BeginBatch()
    {
        if (_batch.Value is { IsOpen: true })
        {
            throw new InvalidOperationException("A batch is already open in this flow.");
        }

        var batch = new SqlStoreBatch(
            async cancellationToken =>
            {
                await InitializeAsync(cancellationToken).ConfigureAwait(false);
                return await OpenAsync(cancellationToken).ConfigureAwait(false);
            },
            _dialect.BeginWriteAsync)
        {
            SenderHistory = _dialect.WriteTransactionExcludesWriters ? new SenderHistoryMemo() : null,
        };

        // Set synchronously, so that the caller's flow (and the awaits below it) see the batch.
        _batch.Value = batch;
        return batch;
    }

    /// <inheritdoc />
    public Task<string?> FindIncidentByMessageIdAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        return ReadAsync(
            (connection, transaction) => ScalarStringAsync(
                connection, transaction, "SELECT incident_id FROM message_index WHERE message_id = @message", cancellationToken, ("@message", messageId)),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ReadAsync(
            (connection, transaction) => ScalarStringAsync(
                connection, transaction, "SELECT value FROM checkpoints WHERE key = @key", cancellationToken, ("@key", key)),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        return WriteAsync(
            (connection, transaction) => UpsertCheckpointAsync(connection, transaction, key, value, cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Claimed messages are leased to <paramref name="owner"/> until <paramref name="now"/> + <paramref name="lease"/>;
    /// PostgreSQL claimers skip each other's locked rows, SQLite claimers take turns on the write lock.
    /// Oldest messages are claimed first. Claiming does not count an attempt; <see cref="FailOutboxAsync"/> does.
    /// </remarks>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(
        string owner, int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        if (max == 0)
        {
            return [];
        }

        var claimed = await WriteAsync(
            (connection, transaction) => ReadOutboxAsync(
                connection,
                transaction,
                $"UPDATE outbox SET locked_by = @owner, locked_until = @until WHERE seq IN (" +
                "SELECT seq FROM outbox WHERE status = 'Pending' AND next_attempt_at <= @now AND (locked_until IS NULL OR locked_until <= @now) " +
                $"ORDER BY seq LIMIT @max{_dialect.SkipLockedClause}) RETURNING {OutboxColumns}",
                cancellationToken,
                ("@owner", owner),
                ("@until", (now + lease).UtcTicks),
                ("@now", now.UtcTicks),
                ("@max", max)),
            cancellationToken).ConfigureAwait(false);
        return claimed;
    }

    /// <inheritdoc />
    /// <exception cref="KeyNotFoundException">No outbox message has this id.</exception>
    public Task CompleteOutboxAsync(string messageId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        UpdateOutboxAsync(
            messageId,
            "UPDATE outbox SET status = 'Delivered', delivered_at = @now, locked_by = NULL, locked_until = NULL WHERE id = @id",
            cancellationToken,
            ("@id", messageId),
            ("@now", now.UtcTicks));

    /// <inheritdoc />
    /// <remarks>Counts one attempt, keeps <paramref name="error"/> as the last error and releases the lease.</remarks>
    /// <exception cref="KeyNotFoundException">No outbox message has this id.</exception>
    public Task FailOutboxAsync(string messageId, string error, DateTimeOffset nextAttemptAt, bool dead, CancellationToken cancellationToken = default) =>
        UpdateOutboxAsync(
            messageId,
            "UPDATE outbox SET status = @status, attempts = attempts + 1, last_error = @error, next_attempt_at = @next, " +
            "locked_by = NULL, locked_until = NULL WHERE id = @id",
            cancellationToken,
            ("@id", messageId),
            ("@status", (dead ? OutboxStatus.Dead : OutboxStatus.Pending).ToString()),
            ("@error", error),
            ("@next", nextAttemptAt.UtcTicks));

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string? incidentId = null, CancellationToken cancellationToken = default) =>
        ReadAsync(
            (connection, transaction) => incidentId is null
                ? ReadOutboxAsync(connection, transaction, $"SELECT {OutboxColumns} FROM outbox ORDER BY seq", cancellationToken)
                : ReadOutboxAsync(
                    connection, transaction, $"SELECT {OutboxColumns} FROM outbox WHERE incident_id = @id ORDER BY seq", cancellationToken, ("@id", incidentId)),
            cancellationToken);

    /// <summary>Closes pooled connections (on SQLite the last close checkpoints the WAL into the file).</summary>
    public void Dispose()
    {
        _dialect.Dispose();
        _initializeLock.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        // Look first without writing anything: a newer or corrupt database must stay exactly as it is.
        await using (var probe = await GuardOpenAsync(_dialect.OpenProbeAsync, cancellationToken).ConfigureAwait(false))
        {
            if (probe is not null)
            {
                ThrowIfNewer(await ReadSchemaVersionAsync(probe, null, cancellationToken).ConfigureAwait(false));
            }
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // Journal settings cannot change inside a transaction; this is a no-op once the file is in WAL mode.
        await _dialect.PrepareAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var migration = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await _dialect.LockSchemaAsync(connection, migration, cancellationToken).ConfigureAwait(false);
        var current = await ReadSchemaVersionAsync(connection, migration, cancellationToken).ConfigureAwait(false);
        ThrowIfNewer(current);
        if (current == SchemaMigrations.Latest)
        {
            return;
        }

        await ExecuteAsync(
            connection,
            migration,
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            cancellationToken).ConfigureAwait(false);
        var pending = SchemaMigrations.All.Where(m => m.Version > current).ToList();
        foreach (var (version, description, sql) in pending)
        {
            var statement = sql
                .Replace("{autoid}", _dialect.AutoIncrementPrimaryKey, StringComparison.Ordinal)
                .Replace("{customer_email}", _dialect.CustomerEmailSql, StringComparison.Ordinal);
            await ExecuteAsync(connection, migration, statement, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(
                connection,
                migration,
                "INSERT INTO schema_version (version, description, applied_at) VALUES (@version, @description, @at)",
                cancellationToken,
                ("@version", version),
                ("@description", description),
                ("@at", _timeProvider.GetUtcNow().UtcTicks)).ConfigureAwait(false);
        }

        await migration.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (version, description, _) in pending)
        {
            LogMigrationApplied(_logger, _dialect.Description, version, description);
        }
    }

    private async Task<long> ReadSchemaVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var exists = await ScalarInt64Async(connection, transaction, _dialect.TableExistsSql, cancellationToken, ("@name", "schema_version")).ConfigureAwait(false);
        return exists == 0
            ? 0
            : await ScalarInt64Async(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken).ConfigureAwait(false);
    }

    private void ThrowIfNewer(long version)
    {
        if (version > SchemaMigrations.Latest)
        {
            throw new StoreException(
                $"{_dialect.Description}: database schema version {version} is newer than this agentops (knows {SchemaMigrations.Latest}): upgrade agentops.");
        }
    }

    private Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => GuardOpenAsync(_dialect.OpenAsync, cancellationToken);

    private async Task<T> GuardOpenAsync<T>(Func<CancellationToken, Task<T>> open, CancellationToken cancellationToken)
    {
        try
        {
            return await open(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex) when (_dialect.IsUnavailable(ex))
        {
            throw new StoreException($"Cannot open the {_dialect.Description}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"Cannot open the {_dialect.Description}: {ex.Message}", ex);
        }
    }

    private Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        InTransactionAsync(_dialect.BeginWriteAsync, work, cancellationToken);

    private Task<T> ReadAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        InTransactionAsync(_dialect.BeginReadAsync, work, cancellationToken);

    private async Task<T> InTransactionAsync<T>(
        Func<DbConnection, CancellationToken, Task<DbTransaction>> begin, Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (_batch.Value is { IsOpen: true } batch)
        {
            return await batch.RunAsync(work, cancellationToken).ConfigureAwait(false);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await begin(connection, cancellationToken).ConfigureAwait(false);
        var result = await work(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static async Task<IReadOnlyList<Incident>> ReadIncidentsAsync(
        DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var incidents = new List<Incident>();
        await using (var command = RentCommand(connection, transaction, sql, parameters))
        await using (var reader = await command.Command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var incident = IncidentSerializer.Deserialize(reader.GetString(1));
                incident.Version = reader.GetInt64(0);
                incidents.Add(incident);
            }
        }

        foreach (var incident in incidents)
        {
            var events = new List<TimelineEvent>();
            await using var command = RentCommand(
                connection, transaction, "SELECT json FROM timeline_events WHERE incident_id = @id ORDER BY seq", [("@id", incident.Id)]);
            await using var reader = await command.Command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Add(IncidentSerializer.DeserializeEvent(reader.GetString(0)));
            }

            incident.LoadTimeline(events);
        }

        return incidents;
    }

    private static async Task AppendTimelineAsync(DbConnection connection, DbTransaction transaction, Incident incident, bool inserted, CancellationToken cancellationToken)
    {
        var stored = inserted ? 0 : await ScalarInt64Async(
            connection, transaction, "SELECT COALESCE(MAX(seq), 0) FROM timeline_events WHERE incident_id = @id", cancellationToken, ("@id", incident.Id))
            .ConfigureAwait(false);
        if (incident.Timeline.Count < stored)
        {
            throw new InvalidOperationException(
                $"Incident {incident.Id} holds {incident.Timeline.Count} timeline events but the store has {stored}: load it from the store before saving it.");
        }

        foreach (var timelineEvent in incident.Timeline.Skip((int)stored))
        {
            await ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO timeline_events (incident_id, seq, json) VALUES (@id, @seq, @json)",
                cancellationToken,
                ("@id", incident.Id),
                ("@seq", timelineEvent.Sequence),
                ("@json", IncidentSerializer.SerializeEvent(timelineEvent))).ConfigureAwait(false);
        }
    }

    private static Task<int> InsertOutboxAsync(DbConnection connection, DbTransaction transaction, OutboxMessage message, CancellationToken cancellationToken) =>
        ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO outbox (id, incident_id, kind, payload, status, attempts, last_error, created_at, next_attempt_at) " +
            "VALUES (@id, @incident, @kind, @payload, @status, @attempts, @error, @created, @next)",
            cancellationToken,
            ("@id", message.Id),
            ("@incident", message.IncidentId),
            ("@kind", message.Kind),
            ("@payload", message.Payload),
            ("@status", message.Status.ToString()),
            ("@attempts", message.Attempts),
            ("@error", message.LastError),
            ("@created", message.CreatedAt.UtcTicks),
            ("@next", (message.NextAttemptAt == default ? message.CreatedAt : message.NextAttemptAt).UtcTicks));

    private static async Task<int> UpsertCheckpointAsync(DbConnection connection, DbTransaction transaction, string key, string value, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO checkpoints (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            cancellationToken,
            ("@key", key),
            ("@value", value)).ConfigureAwait(false);

    private async Task UpdateOutboxAsync(string messageId, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        var rows = await WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction, sql, cancellationToken, parameters), cancellationToken)
            .ConfigureAwait(false);
        if (rows == 0)
        {
            throw new KeyNotFoundException($"There is no outbox message {messageId}.");
        }
    }

    private static async Task<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(
        DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var messages = new List<(long Seq, OutboxMessage Message)>();
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var message = new OutboxMessage(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), FromTicks(reader.GetInt64(8)))
            {
                Status = Enum.Parse<OutboxStatus>(reader.GetString(5)),
                Attempts = reader.GetInt32(6),
                LastError = reader.IsDBNull(7) ? null : reader.GetString(7),
                NextAttemptAt = FromTicks(reader.GetInt64(9)),
            };
            messages.Add((reader.GetInt64(0), message));
        }

        // RETURNING gives no order.
        return [.. messages.OrderBy(m => m.Seq).Select(m => m.Message)];
    }

    private static async Task<int> ExecuteAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = RentCommand(connection, transaction, sql, parameters);
        return await command.Command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> ScalarInt64Async(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = RentCommand(connection, transaction, sql, parameters);
        return Convert.ToInt64(await command.Command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task<string?> ScalarStringAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = RentCommand(connection, transaction, sql, parameters);
        return await command.Command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private static DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>
    /// A command for <paramref name="sql"/>: on the connection of an open batch, the batch's cached command (prepared once,
    /// reused with the new parameter values); elsewhere a new command that the rental disposes.
    /// </summary>
    private static RentedCommand RentCommand(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        if (SqlStoreBatch.CachedCommand(connection, sql) is not { } cached)
        {
            return new RentedCommand(CreateCommand(connection, transaction, sql, parameters), Owned: true);
        }

        cached.Transaction = transaction;
        var same = cached.Parameters.Count == parameters.Length;
        for (var i = 0; same && i < parameters.Length; i++)
        {
            same = string.Equals(cached.Parameters[i].ParameterName, parameters[i].Name, StringComparison.Ordinal);
        }

        if (!same)
        {
            cached.Parameters.Clear();
            foreach (var (name, _) in parameters)
            {
                var parameter = cached.CreateParameter();
                parameter.ParameterName = name;
                cached.Parameters.Add(parameter);
            }
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            cached.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
        }

        return new RentedCommand(cached, Owned: false);
    }

    private static void AppendFilters(IncidentQuery query, StringBuilder sql, List<(string, object?)> parameters)
    {
        if (query.Priorities.Count > 0)
        {
            var names = query.Priorities.Select((priority, i) => $"@priority{i}").ToList();
            sql.Append(CultureInfo.InvariantCulture, $" AND priority IN ({string.Join(", ", names)})");
            parameters.AddRange(query.Priorities.Select((priority, i) => ((string, object?))($"@priority{i}", (int)priority)));
        }

        if (query.States.Count > 0)
        {
            var names = query.States.Select((state, i) => $"@state{i}").ToList();
            sql.Append(CultureInfo.InvariantCulture, $" AND state IN ({string.Join(", ", names)})");
            parameters.AddRange(query.States.Select((state, i) => ((string, object?))($"@state{i}", state.ToString())));
        }

        if (!string.IsNullOrEmpty(query.Text))
        {
            sql.Append(" AND search_text LIKE @text ESCAPE '\\'");
            parameters.Add(("@text", "%" + EscapeLike(query.Text.ToLowerInvariant()) + "%"));
        }

        if (!string.IsNullOrEmpty(query.CustomerDomain))
        {
            sql.Append(" AND customer_domain = @domain");
            parameters.Add(("@domain", query.CustomerDomain.Trim().ToLowerInvariant()));
        }

        if (query.CreatedSince is { } since)
        {
            sql.Append(" AND created_at >= @since");
            parameters.Add(("@since", since.UtcTicks));
        }
    }

    private static DateTimeOffset FromTicks(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>A command from <see cref="RentCommand"/>; disposing it disposes the command only when the rental owns it.</summary>
    private readonly record struct RentedCommand(DbCommand Command, bool Owned) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Owned ? Command.DisposeAsync() : ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Database}: applied schema migration {Version} ({Description})")]
    private static partial void LogMigrationApplied(ILogger logger, string database, int version, string description);
}
