using AgentOps.Core.Model;
using AgentOps.Core.PostMortem;

namespace AgentOps.Core.Tests.PostMortem;

public sealed class ImpactAnalyzerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Extract_MonitoringErrorRateClaim_ReadsItAsTheErrorRate()
    {
        // Arrange
        var incident = With(Make("F-3-1", "46.8 % of requests fail with 5xx (no errors in the baseline window).", "query=... current=0.468 baseline=0"));

        // Act
        var metrics = ImpactAnalyzer.Extract(incident);

        // Assert
        var rate = Assert.Single(metrics);
        Assert.Equal(("Error rate", "46.8 %", "F-3-1", "finding"), (rate.Name, rate.Value, rate.FindingId, rate.Source));
    }

    [Fact]
    public void Extract_RedisClientsEvidence_ReadsRejectedConnections()
    {
        // Arrange
        var incident = With(Make("F-1-1", "Redis connection pool is exhausted.", "connected_clients=20 maxclients=20 rejected_connections=412 blocked_clients=0"));

        // Act
        var metric = Assert.Single(ImpactAnalyzer.Extract(incident));

        // Assert
        Assert.Equal(("Rejected connections", "412"), (metric.Name, metric.Value));
    }

    [Fact]
    public void Extract_NoRejectedConnections_ReportsNone()
    {
        // Arrange
        var incident = With(Make("F-1-1", "Redis is busy.", "connected_clients=2 maxclients=20 rejected_connections=0"));

        // Act
        var metrics = ImpactAnalyzer.Extract(incident);

        // Assert
        Assert.Empty(metrics);
    }

    [Fact]
    public void Extract_PgStatStatementsEvidence_ReadsTheSlowCallsWithTheirMean()
    {
        // Arrange
        var incident = With(Make("F-1-2", "A frequent statement is slow.", "mean_ms=768.3 calls=119 total_ms=91429 rows=591000 query=SELECT * FROM users WHERE status = $1"));

        // Act
        var metric = Assert.Single(ImpactAnalyzer.Extract(incident));

        // Assert
        Assert.Equal(("Slow database calls", "119 calls, 768.3 ms on average", "test"), (metric.Name, metric.Value, metric.Source));
    }

    private static Finding Make(string id, string claim, string excerpt) =>
        new(id, 1, claim, 0.8, T0) { Evidence = [new Evidence("test", excerpt, T0)] };

    private static Incident With(Finding finding)
    {
        var incident = new Incident { Id = "INC-1", Title = "t", CreatedAt = T0 };
        var track = new Track { Number = 1, Kind = TrackKind.Database, Title = "db" };
        track.Findings.Add(finding);
        incident.Tracks.Add(track);
        return incident;
    }
}
