namespace AgentOps.Infrastructure.Storage;

/// <summary>
/// The numbered schema migrations, shared by both databases. A migration is never edited once released: a change
/// is a new entry. <c>{autoid}</c> stands for the dialect's auto-incremented primary key, <c>{customer_email}</c> for
/// its expression reading the customer's email out of an incident document. Timestamps are stored as
/// UTC ticks (100 ns units since 0001-01-01) so that both databases order and compare them the same way.
/// </summary>
internal static class SchemaMigrations
{
    /// <summary>The migrations in order; the version of each is its position from 1.</summary>
    public static IReadOnlyList<(int Version, string Description, string Sql)> All { get; } =
    [
        (1, "incidents, timelines, message index, checkpoints, id counters", """
            CREATE TABLE incidents (
                id TEXT PRIMARY KEY,
                version BIGINT NOT NULL,
                state TEXT NOT NULL,
                priority INTEGER NOT NULL,
                title TEXT NOT NULL,
                customer_domain TEXT NULL,
                search_text TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                json TEXT NOT NULL
            );
            CREATE INDEX ix_incidents_priority_created ON incidents (priority, created_at, id);
            CREATE INDEX ix_incidents_state ON incidents (state);
            CREATE INDEX ix_incidents_customer_domain ON incidents (customer_domain);
            CREATE TABLE timeline_events (
                incident_id TEXT NOT NULL REFERENCES incidents (id),
                seq BIGINT NOT NULL,
                json TEXT NOT NULL,
                PRIMARY KEY (incident_id, seq)
            );
            CREATE TABLE message_index (
                message_id TEXT PRIMARY KEY,
                incident_id TEXT NOT NULL REFERENCES incidents (id)
            );
            CREATE INDEX ix_message_index_incident ON message_index (incident_id);
            CREATE TABLE checkpoints (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            CREATE TABLE incident_counters (
                year INTEGER PRIMARY KEY,
                next_number BIGINT NOT NULL
            );
            """),
        (2, "transactional outbox with leases", """
            CREATE TABLE outbox (
                seq {autoid},
                id TEXT NOT NULL UNIQUE,
                incident_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT NULL,
                created_at BIGINT NOT NULL,
                next_attempt_at BIGINT NOT NULL,
                locked_by TEXT NULL,
                locked_until BIGINT NULL,
                delivered_at BIGINT NULL
            );
            CREATE INDEX ix_outbox_due ON outbox (status, next_attempt_at);
            CREATE INDEX ix_outbox_incident ON outbox (incident_id, seq);
            """),
        (3, "pipeline claims on incidents with leases", """
            CREATE TABLE pipeline_claims (
                incident_id TEXT PRIMARY KEY REFERENCES incidents (id),
                owner TEXT NULL,
                locked_until BIGINT NULL,
                processed_version BIGINT NOT NULL DEFAULT 0,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at BIGINT NOT NULL DEFAULT 0,
                last_error TEXT NULL
            );
            """),
        (4, "sender history columns: customer email and a (domain, priority, created_at) index", """
            ALTER TABLE incidents ADD COLUMN customer_email TEXT NULL;
            UPDATE incidents SET customer_email = LOWER({customer_email});
            CREATE INDEX ix_incidents_sender_history ON incidents (customer_domain, priority, created_at, id, customer_email);
            """),
        (5, "index serving lists filtered by state and priority in list order", """
            CREATE INDEX ix_incidents_state_priority_created ON incidents (state, priority, created_at, id);
            """),
        (6, "drop the indexes that are prefixes of newer ones (state; customer domain): fewer B-trees written per save", """
            DROP INDEX IF EXISTS ix_incidents_state;
            DROP INDEX IF EXISTS ix_incidents_customer_domain;
            """),
    ];

    /// <summary>The newest schema version this program knows.</summary>
    public static int Latest => All[^1].Version;
}
