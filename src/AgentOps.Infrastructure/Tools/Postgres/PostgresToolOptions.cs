using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Tools.Postgres;

/// <summary>PostgreSQL diagnostic tool settings (section <c>Tools:Postgres</c>). The tool is available only when a connection string is set.</summary>
public sealed class PostgresToolOptions
{
    /// <summary>Npgsql connection string of the database to diagnose. Default none (tool disabled).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Table that lists applied migrations (<c>schema.table</c> allowed). Default none (no migration check).</summary>
    public string? MigrationsTable { get; set; }

    /// <summary>Column holding the migration name. Default <c>name</c>.</summary>
    [Required]
    public string MigrationNameColumn { get; set; } = "name";

    /// <summary>Column holding when the migration was applied. Default <c>applied_at</c>.</summary>
    [Required]
    public string MigrationAppliedAtColumn { get; set; } = "applied_at";

    /// <summary>Connect and statement timeout, in seconds. Default 5.</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 5;

    /// <summary>Live rows from which a table counts as large for the sequential-scan check. Default 100 000.</summary>
    [Range(0, long.MaxValue)]
    public long LargeTableRows { get; set; } = 100_000;
}
