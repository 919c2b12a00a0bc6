using System.Globalization;
using System.Text.Json;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using Microsoft.Data.Sqlite;

namespace AgentOps.Benchmarks.Intake;

/// <summary>
/// A minimal SQLite <see cref="IIncidentStore"/> for the intake throughput benchmark only, standing in until the real
/// store is merged: one transaction per save (incident row, new timeline events, message ids, checkpoints),
/// optimistic concurrency on the version, WAL journal. Outbox members are not used by intake and are refused.
/// </summary>
internal sealed class BenchmarkSqliteIncidentStore : IIncidentStore, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SqliteConnection _connection;

    public BenchmarkSqliteIncidentStore(string path, string synchronous)
    {
        _connection = new SqliteConnection($"Data Source={path};Pooling=false");
        _connection.Open();
        Execute($"""
            PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous};
            CREATE TABLE incidents(id TEXT PRIMARY KEY, version INTEGER NOT NULL, state TEXT NOT NULL, priority INTEGER NOT NULL,
              customer_domain TEXT, created_at TEXT NOT NULL, json TEXT NOT NULL);
            CREATE INDEX ix_incidents_domain ON incidents(customer_domain, created_at);
            CREATE TABLE timeline(incident_id TEXT NOT NULL, seq INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY(incident_id, seq));
            CREATE TABLE message_ids(message_id TEXT PRIMARY KEY, incident_id TEXT NOT NULL);
            CREATE TABLE checkpoints(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE sequences(year INTEGER PRIMARY KEY, next INTEGER NOT NULL);
            """);
    }

    public void Dispose() => _connection.Dispose();

    public Task<string> NextIncidentIdAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var next = Convert.ToInt64(Scalar(
            "INSERT INTO sequences(year, next) VALUES ($y, 1) ON CONFLICT(year) DO UPDATE SET next = next + 1 RETURNING next",
            ("$y", now.Year)), CultureInfo.InvariantCulture);
        return Task.FromResult(string.Create(CultureInfo.InvariantCulture, $"INC-{now.Year}-{next:0000}"));
    }

    public Task<Incident?> FindAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        var json = Scalar("SELECT json FROM incidents WHERE id = $id", ("$id", incidentId)) as string;
        if (json is null)
        {
            return Task.FromResult<Incident?>(null);
        }

        var incident = FromJson(json);
        using var command = Command("SELECT json FROM timeline WHERE incident_id = $id ORDER BY seq", ("$id", incidentId));
        using var reader = command.ExecuteReader();
        var events = new List<TimelineEvent>();
        while (reader.Read())
        {
            events.Add(JsonSerializer.Deserialize<TimelineEvent>(reader.GetString(0), Json)!);
        }

        incident.LoadTimeline(events);
        return Task.FromResult<Incident?>(incident);
    }

    public Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        var sql = "SELECT json FROM incidents WHERE 1 = 1";
        var parameters = new List<(string, object)>();
        if (query.CustomerDomain is not null)
        {
            sql += " AND customer_domain = $domain";
            parameters.Add(("$domain", query.CustomerDomain));
        }

        if (query.CreatedSince is { } since)
        {
            sql += " AND created_at >= $since";
            parameters.Add(("$since", since.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)));
        }

        if (query.States.Count > 0)
        {
            sql += $" AND state IN ({string.Join(", ", query.States.Select(s => $"'{s}'"))})";
        }

        sql += " ORDER BY priority, created_at LIMIT $limit OFFSET $offset";
        parameters.Add(("$limit", query.Limit));
        parameters.Add(("$offset", query.Offset));
        using var command = Command(sql, [.. parameters]);
        using var reader = command.ExecuteReader();
        var result = new List<Incident>();
        while (reader.Read())
        {
            result.Add(FromJson(reader.GetString(0)));
        }

        return Task.FromResult<IReadOnlyList<Incident>>(result);
    }

    public Task SaveAsync(Incident incident, ChangeSet? changes = null, CancellationToken cancellationToken = default)
    {
        using var transaction = _connection.BeginTransaction();
        var stored = Scalar("SELECT version FROM incidents WHERE id = $id", ("$id", incident.Id));
        var storedVersion = stored is null ? 0L : Convert.ToInt64(stored, CultureInfo.InvariantCulture);
        if (storedVersion != incident.Version)
        {
            throw new ConcurrencyException(incident.Id, incident.Version);
        }

        var savedEvents = Convert.ToInt64(Scalar("SELECT count(*) FROM timeline WHERE incident_id = $id", ("$id", incident.Id)), CultureInfo.InvariantCulture);
        Execute(
            """
            INSERT INTO incidents(id, version, state, priority, customer_domain, created_at, json) VALUES ($id, $v, $state, $p, $domain, $created, $json)
            ON CONFLICT(id) DO UPDATE SET version = $v, state = $state, priority = $p, json = $json
            """,
            ("$id", incident.Id), ("$v", storedVersion + 1), ("$state", incident.State.ToString()), ("$p", (int)incident.Priority),
            ("$domain", (object?)incident.Customer?.Domain ?? DBNull.Value), ("$created", incident.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
            ("$json", ToJson(incident)));
        foreach (var evt in incident.Timeline.Skip((int)savedEvents))
        {
            Execute("INSERT INTO timeline(incident_id, seq, json) VALUES ($id, $seq, $json)", ("$id", incident.Id), ("$seq", evt.Sequence), ("$json", JsonSerializer.Serialize(evt, Json)));
        }

        foreach (var id in incident.MessageIds.Concat(changes?.MessageIds ?? []))
        {
            Execute("INSERT OR IGNORE INTO message_ids(message_id, incident_id) VALUES ($m, $id)", ("$m", id), ("$id", incident.Id));
        }

        foreach (var (key, value) in changes?.Checkpoints ?? [])
        {
            Execute("INSERT INTO checkpoints(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = $v", ("$k", key), ("$v", value));
        }

        transaction.Commit();
        incident.Version = storedVersion + 1;
        return Task.CompletedTask;
    }

    public Task<string?> FindIncidentByMessageIdAsync(string messageId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Scalar("SELECT incident_id FROM message_ids WHERE message_id = $m", ("$m", messageId)) as string);

    public Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(Scalar("SELECT value FROM checkpoints WHERE key = $k", ("$k", key)) as string);

    public Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        Execute("INSERT INTO checkpoints(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = $v", ("$k", key), ("$v", value));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(string owner, int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The intake benchmark store has no outbox.");

    public Task CompleteOutboxAsync(string messageId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The intake benchmark store has no outbox.");

    public Task FailOutboxAsync(string messageId, string error, DateTimeOffset nextAttemptAt, bool dead, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The intake benchmark store has no outbox.");

    public Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string? incidentId = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The intake benchmark store has no outbox.");

    private static string ToJson(Incident incident) => JsonSerializer.Serialize(
        new StoredIncident(incident.Id, incident.Title, incident.Priority, incident.Severity, incident.State, incident.Customer, incident.Sla, incident.Triage, incident.CreatedAt, incident.SignalCount, incident.MessageIds, incident.Version + 1),
        Json);

    private static Incident FromJson(string json)
    {
        var s = JsonSerializer.Deserialize<StoredIncident>(json, Json)!;
        return new Incident
        {
            Id = s.Id,
            Title = s.Title,
            Priority = s.Priority,
            Severity = s.Severity,
            State = s.State,
            Customer = s.Customer,
            Sla = s.Sla,
            Triage = s.Triage,
            CreatedAt = s.CreatedAt,
            SignalCount = s.SignalCount,
            MessageIds = [.. s.MessageIds],
            Version = s.Version,
        };
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteScalar();
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    private sealed record StoredIncident(
        string Id, string Title, Priority Priority, Severity Severity, IncidentState State, Customer? Customer, SlaDeadlines? Sla,
        TriageResult? Triage, DateTimeOffset CreatedAt, int SignalCount, List<string> MessageIds, long Version);
}
