using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Storage;

/// <summary>Where incidents, timelines and the outbox are stored. Bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions : IValidatableObject
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Storage";

    /// <summary>The value of <see cref="Provider"/> for the embedded SQLite store.</summary>
    public const string SqliteProvider = "sqlite";

    /// <summary>The value of <see cref="Provider"/> for PostgreSQL.</summary>
    public const string PostgresProvider = "postgres";

    /// <summary>Which database holds the store: <c>sqlite</c> or <c>postgres</c> (case-insensitive).</summary>
    /// <value>Default <c>sqlite</c>.</value>
    public string Provider { get; set; } = SqliteProvider;

    /// <summary>The SQLite database file; a relative path resolves against the current working directory.</summary>
    /// <value>Default <c>data/agentops.db</c>.</value>
    public string SqlitePath { get; set; } = "data/agentops.db";

    /// <summary>Npgsql connection string, required when <see cref="Provider"/> is <c>postgres</c>. Keep it in an environment variable (<c>AGENTOPS__STORAGE__POSTGRESCONNECTIONSTRING</c>).</summary>
    /// <value>Default none.</value>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Whether <see cref="Provider"/> selects PostgreSQL.</summary>
    public bool UsesPostgres => string.Equals(Provider?.Trim(), PostgresProvider, StringComparison.OrdinalIgnoreCase);

    /// <summary>The absolute SQLite file path: <see cref="SqlitePath"/> resolved against <paramref name="currentDirectory"/>.</summary>
    public string ResolveSqlitePath(string currentDirectory) => Path.GetFullPath(SqlitePath, currentDirectory);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var provider = Provider?.Trim() ?? string.Empty;
        if (!string.Equals(provider, SqliteProvider, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(provider, PostgresProvider, StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(Provider)} must be '{SqliteProvider}' or '{PostgresProvider}', not '{Provider}'.",
                [nameof(Provider)]);
        }
        else if (UsesPostgres && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(PostgresConnectionString)} is required when {SectionName}:{nameof(Provider)} is '{PostgresProvider}'.",
                [nameof(PostgresConnectionString)]);
        }
        else if (!UsesPostgres && string.IsNullOrWhiteSpace(SqlitePath))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(SqlitePath)} must not be empty when {SectionName}:{nameof(Provider)} is '{SqliteProvider}'.",
                [nameof(SqlitePath)]);
        }
    }
}
