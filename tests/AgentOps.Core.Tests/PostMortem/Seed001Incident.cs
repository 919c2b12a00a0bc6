using AgentOps.Core.Model;

namespace AgentOps.Core.Tests.PostMortem;

/// <summary>
/// Seed 001 (exercise 10: API latency after a migration without index) as the pipeline records it: alert, findings with metric
/// evidence (users, failed and timed-out requests, error rate, SLO), root cause with contributing causes and 5 whys, the index fix.
/// </summary>
public static class Seed001Incident
{
    public static readonly DateTimeOffset AlertAt = new(2024, 1, 15, 14, 32, 0, TimeSpan.Zero);

    public static Incident Create(bool withImpactFindings = true, bool withWhys = true)
    {
        var t = AlertAt;
        var incident = new Incident
        {
            Id = "INC-2024-0015",
            Title = "API latency critical",
            Priority = Priority.P2,
            Severity = Severity.Sev2,
            State = IncidentState.Resolved,
            CreatedAt = t,
            AcknowledgedAt = t.AddMinutes(3),
            ResolvedAt = t.AddMinutes(45),
            Sla = new SlaDeadlines(t.AddMinutes(30), t.AddHours(8)) { ResolutionTarget = TimeSpan.FromHours(8) },
            Triage = new TriageResult(Priority.P2, "performance", 0.9) { Impact = ["all-users"] },
            Brief = new InvestigationBrief("api-latency", "Find why p99 latency exceeds 5 s and restore it under 500 ms.")
            {
                Symptoms = ["api_request_duration_p99 > 5000ms (SLO 500ms)", "Database connections 95/100 and rising"],
                ResolutionCriteria = ["p99 latency < 500 ms for 15 minutes", "error rate < 0.1%"],
            },
        };
        incident.Record(t, "alertmanager", "alert", "signal", "[ALERT] API Latency Critical: api_request_duration_p99 5847ms > 500ms",
            new Dictionary<string, string> { ["subject"] = "API Latency Critical" });
        incident.Record(t.AddMinutes(3), "carol", "cli", "transition", "Acknowledged by carol; investigation started");

        var monitoring = new Track { Number = 1, Kind = TrackKind.Monitoring, Title = "Latency and errors", State = TrackState.Done };
        monitoring.Findings.Add(new Finding("F-1-1", 1, "p99 latency 5847 ms and error rate 8.5% since 14:32", 0.95, t.AddMinutes(5))
        {
            Category = "metric.latency",
            ObservedSince = t,
            Evidence = [new Evidence("prometheus:api_request_duration_p99", "p99=5847ms p95=2300ms error rate 8.5% (normal 0.1%)", t)],
        });
        if (withImpactFindings)
        {
            monitoring.Findings.Add(new Finding("F-1-2", 1, "~12,000 users impacted (30% of the active base)", 0.8, t.AddMinutes(50))
            {
                Category = "impact.users",
                Evidence =
                [
                    new Evidence("analytics:sessions", "~12,000 users impacted; ~22,500 failed requests; ~67,500 timeout requests", t.AddMinutes(46)),
                ],
            });
            monitoring.Findings.Add(new Finding("F-1-3", 1, "Availability SLO 99.9% breached", 0.9, t.AddMinutes(50))
            {
                Category = "impact.slo",
                Evidence = [new Evidence("prometheus:slo_availability_30d", "availability 99.9% → 99.87% (SLO 99.9%)", t.AddMinutes(46))],
            });
        }

        var database = new Track { Number = 2, Kind = TrackKind.Database, Title = "PostgreSQL", State = TrackState.Done, Assignee = "carol" };
        database.Findings.Add(new Finding("F-2-1", 2, "Migration 20240115_add_user_preferences was applied at 14:31", 0.95, t.AddMinutes(7))
        {
            Category = "deploy.migration",
            ObservedSince = t.AddMinutes(-1),
            Evidence = [new Evidence("logs:postgresql.log:88", "INFO: Migration applied: 20240115_add_user_preferences", t.AddMinutes(-1))],
        });
        database.Findings.Add(new Finding("F-2-2", 2, "Queries on users.status do sequential scans of 2.5M rows: no index on status", 0.92, t.AddMinutes(8))
        {
            Category = "db.missing-index",
            Evidence = [new Evidence("postgres:pg_stat_statements", "Seq Scan on users (rows=2450000) Filter: (status = 'active') 8500 ms", t.AddMinutes(3))],
        });
        database.Findings.Add(new Finding("F-2-3", 2, "Connection pool exhausted (100/100, 47 waiting)", 0.9, t.AddMinutes(9))
        {
            Category = "db.pool-exhausted",
            Evidence = [new Evidence("logs:app.log:4410", "ERROR: Connection pool exhausted Available: 0/100 Waiting: 47 requests", t.AddMinutes(1))],
        });
        incident.Tracks.Add(monitoring);
        incident.Tracks.Add(database);
        incident.Record(t.AddMinutes(8), "agent:database", "system", "finding", "F-2-2 sequential scans on users.status");
        incident.Record(t.AddMinutes(18), "carol", "cli", "remediation", "carol approved R-1 (CREATE INDEX CONCURRENTLY)");
        incident.Record(t.AddMinutes(38), "agent:database", "system", "remediation", "R-1 applied: index idx_users_status created");
        incident.Record(t.AddMinutes(45), "carol", "cli", "transition", "Resolved: p99 back to 240 ms");

        incident.RootCause = new RootCauseAnalysis(
            "Migration 20240115_add_user_preferences went to production without an index on users.status, so hot queries fell back to sequential scans",
            "db.missing-index",
            0.92)
        {
            StartedAt = t.AddMinutes(-1),
            FindingIds = ["F-2-1", "F-2-2", "F-2-3", "F-1-1"],
            ContributingCauses =
            [
                "Migration not performance-tested in staging",
                "No EXPLAIN review of the queries touched by the migration",
                "Connection pool of 100 too small to absorb slow queries",
                "No alert on slow queries before pool saturation",
            ],
            FiveWhys = withWhys
                ?
                [
                    new WhyStep("Why did API p99 latency exceed 5 s?", "Requests waited for database connections.") { Evidence = [monitoring.Findings[0].Evidence[0]] },
                    new WhyStep("Why did requests wait for connections?", "The pool was exhausted by slow queries.") { Evidence = [database.Findings[2].Evidence[0]] },
                    new WhyStep("Why were queries slow?", "They scanned 2.5M rows sequentially.") { Evidence = [database.Findings[1].Evidence[0]] },
                    new WhyStep("Why sequential scans?", "users.status has no index after the migration.") { Evidence = [database.Findings[0].Evidence[0]] },
                    new WhyStep("Why was the index missing in production?", "Migrations are not performance-tested before release."),
                ]
                : [],
            Remediations =
            [
                new Remediation("R-1", "Create the missing index on users.status", "CREATE INDEX CONCURRENTLY idx_users_status ON users(status);", "low")
                {
                    Status = RemediationStatus.Applied,
                    ApprovedBy = "carol",
                    Outcome = "index built in 20 min",
                },
            ],
        };
        return incident;
    }
}
