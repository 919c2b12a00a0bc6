namespace AgentOps.Core.Diagnostics;

/// <summary>Machine-readable finding categories used by analysts and the <see cref="RootCauseCorrelator"/>.</summary>
public static class FindingCategories
{
    public const string DbMissingIndex = "db.missing-index";
    public const string DbSeqScan = "db.seq-scan";
    public const string DbSlowQuery = "db.slow-query";
    public const string DbPoolSaturated = "db.pool-saturated";
    public const string DbBlocking = "db.blocking";
    public const string DbRecentMigration = "db.recent-migration";
    public const string DbOk = "db.ok";
    public const string CachePoolExhausted = "cache.pool-exhausted";
    public const string CacheEvictions = "cache.evictions";
    public const string CacheMemoryPressure = "cache.memory-pressure";
    public const string CacheSlowCommands = "cache.slow-commands";
    public const string CacheOk = "cache.ok";
    public const string NetOk = "net.ok";
    public const string NetUnhealthy = "net.unhealthy";
    public const string NetLatencyHigh = "net.latency-high";
    public const string MetricsLatencyHigh = "metrics.latency-high";
    public const string MetricsErrorRateHigh = "metrics.error-rate-high";
    public const string MetricsSaturation = "metrics.saturation";
    public const string MetricsOk = "metrics.ok";
    public const string AppExpiredApiKey = "app.expired-api-key";
    public const string AppErrors5xx = "app.errors-5xx";

    /// <summary>Nothing warned before a credential expired (or a warning was logged and nobody acted on it): a detection gap.</summary>
    public const string AppNoExpiryWarning = "app.no-expiry-warning";
    public const string AppTimeouts = "app.timeouts";
    public const string Deploy = "change.deploy";
    public const string ToolUnavailable = "tool.unavailable";

    /// <summary>Whether <paramref name="category"/> only says "nothing wrong here" or "could not look".</summary>
    public static bool IsNeutral(string? category) =>
        category is null || category.EndsWith(".ok", StringComparison.Ordinal) || category == ToolUnavailable;
}
