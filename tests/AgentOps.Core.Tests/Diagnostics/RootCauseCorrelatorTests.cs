using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using C = AgentOps.Core.Diagnostics.FindingCategories;

namespace AgentOps.Core.Tests.Diagnostics;

public sealed class RootCauseCorrelatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);
    private readonly RootCauseCorrelator _correlator = new();

    [Fact]
    public void Correlate_MigrationSeqScanPoolSaturationAndTimeouts_NamesMissingIndexAsRoot()
    {
        // Arrange
        Finding[] findings =
        [
            Make("F-3-1", C.MetricsErrorRateHigh, "12 % of requests fail with 5xx.", 0.8, 40),
            Make("F-1-1", C.DbPoolSaturated, "Connections are saturated.", 0.9, 30),
            Make("F-1-2", C.DbSlowQuery, "SELECT * FROM users WHERE status = $1 takes 900 ms.", 0.85, 20),
            Make("F-1-3", C.DbSeqScan, "users is read by sequential scans.", 0.8, 15, ("table", "users")),
            Make("F-1-4", C.DbMissingIndex, "No index on users.status.", 0.95, 10, ("table", "users"), ("column", "status")),
            Make("F-1-5", C.DbRecentMigration, "Migration 20240115_add_user_preferences applied 12 min ago.", 0.75, 0, ("table", "users")),
            Make("F-2-1", C.CacheOk, "Redis is healthy.", 0.5, 5),
        ];

        // Act
        var analysis = _correlator.Correlate(findings);

        // Assert
        Assert.Equal(C.DbMissingIndex, analysis.Category);
        Assert.Equal("No index on users.status.", analysis.RootCause);
        Assert.Equal(["Migration 20240115_add_user_preferences applied 12 min ago."], analysis.ContributingCauses);
        Assert.Equal("CREATE INDEX CONCURRENTLY idx_users_status ON users (status)", analysis.Remediations[0].Action);
        Assert.All(analysis.Remediations, r => Assert.Equal(RemediationStatus.Proposed, r.Status));
        Assert.Equal(T0, analysis.StartedAt);
        Assert.Equal("F-1-5", analysis.FindingIds[0]);
    }

    [Fact]
    public void Correlate_FullDatabaseChain_WritesWhysFromSymptomDownToTheMigration()
    {
        // Arrange
        Finding[] findings =
        [
            Make("F-1", C.MetricsLatencyHigh, "p95 latency is 8× its baseline.", 0.8, 40),
            Make("F-2", C.DbPoolSaturated, "Connections are saturated.", 0.9, 30),
            Make("F-3", C.DbSlowQuery, "The users query is slow.", 0.85, 20),
            Make("F-4", C.DbMissingIndex, "No index on users.status.", 0.95, 10, ("table", "users"), ("column", "status")),
            Make("F-5", C.DbRecentMigration, "Migration applied 12 min ago.", 0.75, 0, ("table", "users")),
        ];

        // Act
        var whys = _correlator.Correlate(findings).FiveWhys;

        // Assert
        Assert.Equal("What is observed?", whys[0].Question);
        Assert.Equal("p95 latency is 8× its baseline.", whys[0].Answer);
        Assert.Equal(
            ["Connections are saturated.", "The users query is slow.", "No index on users.status.", "Migration applied 12 min ago."],
            whys.Skip(1).Select(w => w.Answer));
        Assert.All(whys, w => Assert.NotEmpty(w.Evidence));
    }

    [Fact]
    public void Correlate_CachePoolExhaustedWithAuthTimeouts_NamesCacheAndProposesMaxClients()
    {
        // Arrange
        Finding[] findings =
        [
            Make("F-1", C.NetUnhealthy, "Health check of auth fails: HTTP 503.", 0.7, 5),
            Make("F-2", C.CachePoolExhausted, "Redis pool exhausted: 20 of 20 clients.", 0.95, 3, ("maxclients", "20")),
            Make("F-3", C.DbOk, "PostgreSQL looks healthy.", 0.5, 4),
        ];

        // Act
        var analysis = _correlator.Correlate(findings);

        // Assert
        Assert.Equal(C.CachePoolExhausted, analysis.Category);
        Assert.Empty(analysis.ContributingCauses);
        Assert.Equal("CONFIG SET maxclients 80", analysis.Remediations.Single().Action);
    }

    [Fact]
    public void Correlate_ExpiredKeyBehind500s_NamesExpiredKey()
    {
        // Arrange
        Finding[] findings =
        [
            Make("F-1", C.MetricsErrorRateHigh, "30 % of payments fail with 500.", 0.85, 10),
            Make("F-2", C.AppErrors5xx, "POST /payments returns 500.", 0.8, 5),
            Make("F-3", C.AppExpiredApiKey, "The payment provider rejects the API key as expired.", 0.9, 0, ("provider", "stripe")),
        ];

        // Act
        var analysis = _correlator.Correlate(findings);

        // Assert
        Assert.Equal(C.AppExpiredApiKey, analysis.Category);
        Assert.Equal("rotate-secret stripe-api-key", analysis.Remediations.Single().Action);
    }

    [Fact]
    public void Correlate_TwoIndependentDefects_KeepsTheOtherAsContributingCause()
    {
        // Arrange
        Finding[] findings =
        [
            Make("F-1", C.DbMissingIndex, "No index on users.status.", 0.95, 10, ("table", "users"), ("column", "status")),
            Make("F-2", C.DbSeqScan, "users is read by sequential scans.", 0.8, 12),
            Make("F-3", C.CacheEvictions, "Redis evicted 1200 keys.", 0.7, 11),
        ];

        // Act
        var analysis = _correlator.Correlate(findings);

        // Assert
        Assert.Equal(C.DbMissingIndex, analysis.Category);
        Assert.Equal(["Redis evicted 1200 keys."], analysis.ContributingCauses);
    }

    [Fact]
    public void Correlate_OnlyHealthyAndUnavailable_ReportsUnknownWithTheToolNotes()
    {
        // Arrange
        Finding[] findings =
        [
            Make("F-1", C.NetOk, "All targets healthy.", 0.6, 0),
            Make("F-2", C.ToolUnavailable, "Tool postgres.connections could not be used: password authentication failed.", 0.2, 1),
        ];

        // Act
        var analysis = _correlator.Correlate(findings);

        // Assert
        Assert.Equal("unknown", analysis.Category);
        Assert.Equal(0, analysis.Confidence);
        Assert.Single(analysis.ContributingCauses);
        Assert.Empty(analysis.Remediations);
    }

    [Fact]
    public void Correlate_IdentifierNeedsQuoting_QuotesItInTheIndexStatement()
    {
        // Arrange
        Finding[] findings = [Make("F-1", C.DbMissingIndex, "No index.", 0.9, 0, ("table", "Users"), ("column", "status"))];

        // Act
        var action = _correlator.Correlate(findings).Remediations[0].Action;

        // Assert
        Assert.Equal("CREATE INDEX CONCURRENTLY \"idx_Users_status\" ON \"Users\" (status)", action);
    }

    [Fact]
    public void Correlate_ExpiredKeyWithoutWarning_AddsTheDetectionGapAsContributingCauseAndLastWhy()
    {
        // Arrange
        Finding[] findings =
        [
            Make("F-2-1", C.AppExpiredApiKey, "Stripe rejects the API key as expired.", 0.95, 0),
            Make("F-2-2", C.AppErrors5xx, "200 failed requests (HTTP 5xx).", 0.8, 0),
            Make("F-2-3", C.AppNoExpiryWarning, "Nothing warned that the key would expire.", 0.6, 0),
        ];

        // Act
        var analysis = new RootCauseCorrelator().Correlate(findings);

        // Assert
        Assert.Equal(C.AppExpiredApiKey, analysis.Category);
        Assert.Equal(["Nothing warned that the key would expire."], analysis.ContributingCauses);
        Assert.Equal(3, analysis.FiveWhys.Count);
        Assert.Equal("Nothing warned that the key would expire.", analysis.FiveWhys[^1].Answer);
    }

    [Fact]
    public void Correlate_RedisPoolUnderLoad_ChainsLoadPoolRefusalAndErrorsWithEvidence()
    {
        // Arrange
        Finding[] findings =
        [
            Make("F-3-1", C.MetricsErrorRateHigh, "46.8 % of requests fail with 5xx (no errors in the baseline window).", 0.85, 10),
            Make("F-2-1", C.NetUnhealthy, "Health check of auth-service fails: HTTP 503.", 0.7, 10),
            Make("F-1-1", C.CachePoolExhausted, "Redis refuses new connections: maxclients is reached.", 0.9, 11),
            Make("F-3-2", C.MetricsSaturation, "A resource is saturated: 100 % in use.", 0.6, 10),
        ];
        findings[3] = findings[3] with { Evidence = [new Evidence("prometheus.saturation", "query=max(redis_connected_clients / redis_config_maxclients) current=1 baseline=0.05", T0.AddMinutes(10))] };

        // Act
        var analysis = _correlator.Correlate(findings);

        // Assert
        Assert.Equal(C.CachePoolExhausted, analysis.Category);
        const string Load = "Load on Redis rose from 5 % of its connection limit in the baseline window to 100 %: every connection slot is taken.";
        Assert.Equal([Load], analysis.ContributingCauses);
        Assert.Equal(
            ["46.8 % of requests fail with 5xx (no errors in the baseline window).", "Health check of auth-service fails: HTTP 503.", "Redis refuses new connections: maxclients is reached.", Load],
            analysis.FiveWhys.Select(w => w.Answer));
        Assert.Equal("prometheus.saturation", analysis.FiveWhys[^1].Evidence.Single().Source);
    }

    [Fact]
    public void Correlate_TwoEquallyLongSymptomPaths_EndsOnTheBetterSupportedSymptom()
    {
        // Arrange
        Finding[] findings =
        [
            Make("F-2-2", C.NetLatencyHigh, "auth-service is slow or failing: 5 of 5 requests failed.", 0.65, 10),
            Make("F-3-1", C.MetricsErrorRateHigh, "46.8 % of requests fail with 5xx.", 0.85, 10),
            Make("F-1-1", C.CachePoolExhausted, "Redis refuses new connections.", 0.9, 11),
        ];

        // Act
        var whys = _correlator.Correlate(findings).FiveWhys;

        // Assert
        Assert.Equal("46.8 % of requests fail with 5xx.", whys[0].Answer);
    }

    [Fact]
    public void Correlate_SaturationOfAnotherResource_IsNotTheLoadBehindTheRedisPool()
    {
        // Arrange
        Finding[] findings =
        [
            Make("F-1", C.MetricsErrorRateHigh, "46.8 % of requests fail with 5xx.", 0.85, 10),
            Make("F-2", C.CachePoolExhausted, "Redis refuses new connections.", 0.9, 11),
            Make("F-3", C.MetricsSaturation, "A resource is saturated: 95 % in use (query=node_cpu_busy current=0.95 baseline=0.4).", 0.6, 10),
        ];

        // Act
        var analysis = _correlator.Correlate(findings);

        // Assert
        Assert.Equal(["A resource is saturated: 95 % in use (query=node_cpu_busy current=0.95 baseline=0.4)."], analysis.ContributingCauses);
        Assert.DoesNotContain(analysis.FiveWhys, w => w.Answer.StartsWith("Load on", StringComparison.Ordinal));
    }

    private static Finding Make(string id, string category, string claim, double confidence, int minutes, params (string Key, string Value)[] data) =>
        new(id, 1, claim, confidence, T0.AddMinutes(minutes))
        {
            Category = category,
            Evidence = [new Evidence("test", claim, T0.AddMinutes(minutes))],
            Data = data.ToDictionary(d => d.Key, d => d.Value),
        };
}
