using AgentOps.Core.Model;
using AgentOps.Core.PostMortem;
using BenchmarkDotNet.Attributes;

namespace AgentOps.Benchmarks;

/// <summary>
/// Time to render a post-mortem (and runbook) for an incident with 10,000 timeline events, against a baseline that only joins
/// the event messages. Run: dotnet run -c Release --project tests/AgentOps.Benchmarks -- --filter '*PostMortemRender*'
/// </summary>
[MemoryDiagnoser]
public class PostMortemRenderBenchmarks
{
    private readonly PostMortemGenerator _generator = new(new PostMortemOptions());
    private readonly PostMortemScorer _scorer = new();
    private readonly DateTimeOffset _now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private Incident _incident = null!;

    [Params(10_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var start = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        _incident = new Incident
        {
            Id = "INC-2026-0100",
            Title = "Checkout latency",
            Priority = Priority.P1,
            CreatedAt = start,
            ResolvedAt = start.AddHours(2),
            Sla = new SlaDeadlines(start.AddMinutes(15), start.AddHours(4)) { ResolutionTarget = TimeSpan.FromHours(4) },
        };
        var track = new Track { Number = 1, Kind = TrackKind.Database, Title = "Database" };
        track.Findings.Add(new Finding("F-1-1", 1, "Sequential scans on orders.status: no index", 0.9, start.AddMinutes(20))
        {
            Evidence = [new Evidence("postgres:pg_stat_statements", "Seq Scan on orders (rows=3100000)", start.AddMinutes(5))],
        });
        track.Findings.Add(new Finding("F-1-2", 1, "~8,000 users impacted, error rate 4.2%, SLO 99.9%", 0.8, start.AddMinutes(30))
        {
            Evidence = [new Evidence("prometheus:http_requests_total", "~14,000 failed requests; error rate 4.2%", start.AddMinutes(29))],
        });
        _incident.Tracks.Add(track);
        _incident.RootCause = new RootCauseAnalysis("A migration dropped the index on orders.status", "db.missing-index", 0.9)
        {
            FindingIds = ["F-1-1"],
            ContributingCauses = ["No performance test of migrations"],
            FiveWhys = [new WhyStep("Why slow?", "Sequential scans."), new WhyStep("Why scans?", "No index."), new WhyStep("Why no index?", "Dropped by a migration.")],
            Remediations = [new Remediation("R-1", "Recreate the index", "CREATE INDEX CONCURRENTLY idx_orders_status ON orders(status);", "low") { Status = RemediationStatus.Applied, ApprovedBy = "dana" }],
        };
        string[] actors = ["agent:database", "agent:monitoring", "dana", "triage", "system"];
        for (var i = 0; i < Events; i++)
        {
            _incident.Record(start.AddSeconds(i * 0.7), actors[i % actors.Length], "system", "note", $"Observation {i}: p99 latency sample {200 + (i % 300)} ms on checkout");
        }
    }

    [Benchmark(Baseline = true, Description = "string.Join of event messages")]
    public string JoinMessages() => string.Join('\n', _incident.Timeline.Select(e => e.Message));

    [Benchmark(Description = "PostMortemGenerator.Generate")]
    public PostMortemDocument Generate() => _generator.Generate(_incident, _now);

    [Benchmark(Description = "Generate + PostMortemScorer.Score")]
    public PostMortemScore GenerateAndScore()
    {
        var document = _generator.Generate(_incident, _now);
        return _scorer.Score(_incident, new PostMortemReport(document.Markdown, document.Runbook, _now));
    }
}
