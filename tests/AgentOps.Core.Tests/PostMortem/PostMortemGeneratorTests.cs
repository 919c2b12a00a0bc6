using AgentOps.Core.PostMortem;

namespace AgentOps.Core.Tests.PostMortem;

public sealed class PostMortemGeneratorTests
{
    private static readonly DateTimeOffset Now = Seed001Incident.AlertAt.AddHours(2);
    private readonly PostMortemGenerator _generator = new(new PostMortemOptions());

    [Fact]
    public void Generate_Seed001_HasEveryRequiredSection()
    {
        // Act
        var document = _generator.Generate(Seed001Incident.Create(), Now);

        // Assert
        foreach (var heading in new[] { "## Summary", "## Timeline", "## Impact", "## Root cause", "## Contributing causes", "## 5 whys", "## Resolution", "## What went well", "## What went badly", "## Action items" })
        {
            Assert.Contains(heading + "\n", document.Markdown, StringComparison.Ordinal);
        }

        foreach (var heading in new[] { "## Symptoms", "## Diagnostic steps", "## Resolution procedure", "## Escalation path" })
        {
            Assert.Contains(heading + "\n", document.Runbook, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Generate_MetricFindings_ImpactQuantifiedWithCitations()
    {
        // Act
        var markdown = _generator.Generate(Seed001Incident.Create(), Now).Markdown;

        // Assert
        Assert.Contains("- **Duration**: 46 min (2024-01-15 14:31 UTC → 2024-01-15 15:17 UTC)", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Affected users**: ~12,000 [F-1-2] (analytics:sessions, 2024-01-15 15:18 UTC)", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Failed requests**: ~22,500 [F-1-2] (analytics:sessions, 2024-01-15 15:18 UTC)", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Timed-out requests**: ~67,500 [F-1-2]", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Error rate**: 8.5% [F-1-1]", markdown, StringComparison.Ordinal);
        Assert.Contains("- **SLO**: 99.9% [F-1-3]", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Availability**: 99.9% → 99.87% [F-1-3]", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_SloAndErrorRateWithoutStatedBudget_ComputesTheErrorBudgetConsumed()
    {
        // Act
        var markdown = _generator.Generate(Seed001Incident.Create(), Now).Markdown;

        // Assert
        Assert.Contains("- **Error budget**: ≈3.9 min of the 43.2 min monthly budget (9.1%), computed as duration × error rate [F-1-1] against SLO 99.9% [F-1-3]", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_NoMetricFindings_SaysNotMeasured()
    {
        // Act
        var markdown = _generator.Generate(Seed001Incident.Create(withImpactFindings: false), Now).Markdown;

        // Assert
        Assert.Contains("- **Affected users**: not measured", markdown, StringComparison.Ordinal);
        Assert.Contains("- **SLO**: not measured", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Error budget**: not measured (needs an SLO target and a measured error rate)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_RootCause_CitesFindingsWithSourcesAndTimes()
    {
        // Act
        var markdown = _generator.Generate(Seed001Incident.Create(), Now).Markdown;

        // Assert
        Assert.Contains("- [F-2-2] Queries on users.status do sequential scans of 2.5M rows: no index on status (track 2, confidence 0.92)", markdown, StringComparison.Ordinal);
        Assert.Contains("  - `postgres:pg_stat_statements` at 2024-01-15 14:35 UTC: \"Seq Scan on users (rows=2450000) Filter: (status = 'active') 8500 ms\"", markdown, StringComparison.Ordinal);
        Assert.Contains("4. No alert on slow queries before pool saturation", markdown, StringComparison.Ordinal);
        Assert.Contains("3. **Why were queries slow?** They scanned 2.5M rows sequentially.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_PeopleOnTheTimeline_WrittenAsRolesNeverByName()
    {
        // Act
        var document = _generator.Generate(Seed001Incident.Create(), Now);

        // Assert
        Assert.DoesNotContain("carol", document.Markdown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("carol", document.Runbook, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("| responder | responder approved R-1 (CREATE INDEX CONCURRENTLY) |", document.Markdown, StringComparison.Ordinal);
        Assert.Contains("| agent:database |", document.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ActionItems_OwnedByTeamsWithDueDates()
    {
        // Act
        var document = _generator.Generate(Seed001Incident.Create(), Now);

        // Assert
        Assert.Contains(document.ActionItems, a => a.Description == "Migration review and performance test required before production" && a.Owner == "SRE / Observability" && a.Due == new DateOnly(2024, 1, 22));
        Assert.Contains(document.ActionItems, a => a.Description.EndsWith("No alert on slow queries before pool saturation", StringComparison.Ordinal) && a.Owner == "SRE / Observability" && a.Due == new DateOnly(2024, 2, 14));
        Assert.Contains(document.ActionItems, a => a.Description.EndsWith("Connection pool of 100 too small to absorb slow queries", StringComparison.Ordinal) && a.Owner == "Database team");
        Assert.Contains(document.ActionItems, a => a.Done && a.Description == "Create the missing index on users.status");
        Assert.Contains("| Create the missing index on users.status | Database team | 2024-01-15 | ✅ done | remediation R-1 (applied) |", document.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_Runbook_StepsFromTheEvidenceFixAndEscalation()
    {
        // Act
        var runbook = _generator.Generate(Seed001Incident.Create(), Now).Runbook;

        // Assert
        Assert.Contains("- api_request_duration_p99 > 5000ms (SLO 500ms)", runbook, StringComparison.Ordinal);
        Assert.Contains("Check `postgres:pg_stat_statements` for \"Seq Scan on users (rows=2450000) Filter: (status = 'active') 8500 ms\"", runbook, StringComparison.Ordinal);
        Assert.Contains("   CREATE INDEX CONCURRENTLY idx_users_status ON users(status);", runbook, StringComparison.Ordinal);
        Assert.Contains("Verify: p99 latency < 500 ms for 15 minutes; error rate < 0.1%", runbook, StringComparison.Ordinal);
        Assert.Contains("1. L1 — On-call engineer", runbook, StringComparison.Ordinal);
        Assert.Contains("Owning team for this failure: Database team.", runbook, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ReviewFromTimings_DetectionAndSlaJudgedFromData()
    {
        // Act
        var markdown = _generator.Generate(Seed001Incident.Create(), Now).Markdown;

        // Assert
        Assert.Contains("- Detection within 1 min of the first evidence.", markdown, StringComparison.Ordinal);
        Assert.Contains("- Resolution 45 min after the report (within the 8h SLA).", markdown, StringComparison.Ordinal);
        Assert.Contains("- Acknowledgement 3 min after the report (within the acknowledgement SLA).", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_TenThousandEvents_KeepsEveryEventInOrder()
    {
        // Arrange
        var incident = Seed001Incident.Create();
        for (var i = 0; i < 10_000; i++)
        {
            incident.Record(Seed001Incident.AlertAt.AddSeconds(i), "agent:monitoring", "system", "note", $"sample {i}");
        }

        // Act
        var markdown = _generator.Generate(incident, Now).Markdown;

        // Assert
        Assert.Contains("| 10006 |", markdown, StringComparison.Ordinal);
        Assert.True(markdown.IndexOf("sample 9998", StringComparison.Ordinal) < markdown.IndexOf("sample 9999", StringComparison.Ordinal));
    }
}
