using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Scheduling;

/// <summary>
/// The Quartz scheduler: where timers are persisted (SQLite on one machine, PostgreSQL for several nodes), clustering,
/// retries of failed jobs and the periods of the periodic jobs. Bound from the <c>Scheduling</c> section.
/// </summary>
public sealed class SchedulingOptions : IValidatableObject
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Scheduling";

    /// <summary>The value of <see cref="Store"/> for the embedded SQLite job store.</summary>
    public const string SqliteStore = "sqlite";

    /// <summary>The value of <see cref="Store"/> for PostgreSQL.</summary>
    public const string PostgresStore = "postgres";

    /// <summary>Where timers are persisted: <c>sqlite</c> (one machine) or <c>postgres</c> (one or several nodes).</summary>
    /// <value>Default <c>sqlite</c>.</value>
    public string Store { get; set; } = SqliteStore;

    /// <summary>The SQLite file of the job store; a relative path resolves against the current directory.</summary>
    /// <value>Default <c>data/scheduler.db</c>.</value>
    public string SqlitePath { get; set; } = "data/scheduler.db";

    /// <summary>Npgsql connection string; required when <see cref="Store"/> is <c>postgres</c>. Keep it in an environment variable.</summary>
    /// <value>Default none.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Whether several nodes share the PostgreSQL job store: each timer fires on one node, a dead node's timers are taken over.</summary>
    /// <value>Default false.</value>
    public bool Clustered { get; set; }

    /// <summary>The scheduler name; nodes of one cluster must use the same.</summary>
    /// <value>Default <c>AgentOps</c>.</value>
    [Required]
    public string InstanceName { get; set; } = "AgentOps";

    /// <summary>This node's id, unique in the cluster; <c>AUTO</c> generates one (host name and time).</summary>
    /// <value>Default <c>AUTO</c>.</value>
    [Required]
    public string InstanceId { get; set; } = "AUTO";

    /// <summary>How often a clustered node records that it is alive.</summary>
    /// <value>Default 7.5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>How long past a missed check-in the other nodes wait before taking over a node's timers.</summary>
    /// <value>Default 15 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:30:00")]
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long an idle node waits before looking for due timers again (Quartz's minimum is 1 second). A timer scheduled in this process wakes the node
    /// at once; one scheduled by another process (a CLI verb, another node) is seen within this delay.
    /// </summary>
    /// <value>Default 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many jobs run at once on this node.</summary>
    /// <value>Default 4.</value>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How late a timer may fire before it counts as misfired (it then fires at once anyway).</summary>
    /// <value>Default 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many times a failed job is retried before the failure is recorded on the incident's timeline.</summary>
    /// <value>Default 3.</value>
    [Range(1, 20)]
    public int RetryAttempts { get; set; } = 3;

    /// <summary>The wait before the first retry; each next wait doubles, up to <see cref="RetryMaxDelay"/>.</summary>
    /// <value>Default 10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between retries.</summary>
    /// <value>Default 5 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the sweep re-syncs SLA timers and flags stale incidents.</summary>
    /// <value>Default 5 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long without timeline activity makes an open incident stale.</summary>
    /// <value>Default 24 hours.</value>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan StaleIncidentAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the mailbox is polled as a fallback to IMAP IDLE; zero disables the job.</summary>
    /// <value>Default 2 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MailboxPollInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often GitHub is synchronized; zero disables the job.</summary>
    /// <value>Default 5 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan GitHubSyncInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether <see cref="Store"/> selects PostgreSQL.</summary>
    public bool UsesPostgres => string.Equals(Store?.Trim(), PostgresStore, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var store = Store?.Trim() ?? string.Empty;
        if (!string.Equals(store, SqliteStore, StringComparison.OrdinalIgnoreCase) && !UsesPostgres)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(Store)} must be '{SqliteStore}' or '{PostgresStore}', not '{Store}'.", [nameof(Store)]);
        }

        if (UsesPostgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(ConnectionString)} is required when {SectionName}:{nameof(Store)} is '{PostgresStore}'.", [nameof(ConnectionString)]);
        }

        if (!UsesPostgres && string.IsNullOrWhiteSpace(SqlitePath))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(SqlitePath)} must not be empty when {SectionName}:{nameof(Store)} is '{SqliteStore}'.", [nameof(SqlitePath)]);
        }

        if (Clustered && !UsesPostgres)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(Clustered)} needs {SectionName}:{nameof(Store)} 'postgres': nodes share timers through one PostgreSQL.", [nameof(Clustered)]);
        }

        if (CheckinMisfireThreshold < CheckinInterval)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(CheckinMisfireThreshold)} ({CheckinMisfireThreshold}) must be at least {SectionName}:{nameof(CheckinInterval)} ({CheckinInterval}).", [nameof(CheckinMisfireThreshold)]);
        }

        if (RetryMaxDelay < RetryInitialDelay)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(RetryMaxDelay)} must be at least {SectionName}:{nameof(RetryInitialDelay)}.", [nameof(RetryMaxDelay)]);
        }
    }
}
