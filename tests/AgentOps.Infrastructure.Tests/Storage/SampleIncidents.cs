using AgentOps.Core.Model;

namespace AgentOps.Infrastructure.Tests.Storage;

/// <summary>Incidents for the store tests.</summary>
internal static class SampleIncidents
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 14, 9, 30, 0, TimeSpan.FromHours(1));

    public static Incident Minimal(string id, DateTimeOffset? createdAt = null, Priority priority = Priority.P3, string? title = null) => new()
    {
        Id = id,
        Title = title ?? $"Incident {id}",
        Priority = priority,
        CreatedAt = createdAt ?? T0,
    };

    /// <summary>An incident where every property, down to evidence and remediations, holds a non-default value.</summary>
    public static Incident FullyPopulated(string id)
    {
        var paris = TimeSpan.FromHours(2);
        var evidence = new Evidence("postgres:pg_stat_statements", "seq scan on sessions (41 ms)", new DateTimeOffset(2026, 3, 14, 9, 12, 3, 250, paris));
        var incident = new Incident
        {
            Id = id,
            Title = "Paiement bloqué : délai d'attente à la validation",
            Priority = Priority.P1,
            Severity = Severity.Sev2,
            State = IncidentState.Mitigating,
            Customer = new Customer("Jean Martin", "support@client-existant.fr", "client-existant.fr", "enterprise", "fr"),
            Sla = new SlaDeadlines(T0.AddMinutes(15), T0.AddHours(4)) { ResolutionTarget = TimeSpan.FromHours(4) },
            Triage = new TriageResult(Priority.P1, "outage", 0.875)
            {
                Reasons = ["'bloqué' in subject", "payments impact"],
                Skills = ["database", "application"],
                Impact = ["payments", "revenue"],
                Classifier = "ensemble",
            },
            CreatedAt = T0,
            AcknowledgedAt = T0.AddMinutes(3),
            ResolvedAt = T0.AddHours(2),
            ClosedAt = T0.AddHours(30),
            EscalationLevel = 2,
            SignalCount = 7,
            MessageIds = ["<abc@client-existant.fr>", "<def@client-existant.fr>"],
            Brief = new InvestigationBrief("payment-timeout-investigation", "Find why payment validation times out.")
            {
                Symptoms = ["timeouts after 30 s", "HTTP 504"],
                Hypotheses = ["missing index", "pool exhausted"],
                ResolutionCriteria = ["p95 under 1 s"],
            },
            Plan = new InvestigationPlan
            {
                Components = [new PlanComponent(TrackKind.Database, "sessions table"), new PlanComponent(TrackKind.Cache, "redis pool")],
                Steps = ["check slow queries", "check pool"],
            },
            Tracks =
            [
                new Track
                {
                    Number = 1,
                    Kind = TrackKind.Database,
                    Title = "Slow queries",
                    State = TrackState.Blocked,
                    DependsOn = [2],
                    GitHubIssueNumber = 41,
                    Assignee = "alice",
                    StateReason = "waiting for DBA access",
                    Findings =
                    [
                        new Finding("F-1-1", 1, "Sequential scan on sessions", 0.9, T0.AddMinutes(20))
                        {
                            Evidence = [evidence],
                            Category = "db.missing-index",
                            ObservedSince = T0.AddMinutes(-40),
                        },
                    ],
                },
            ],
            Communications =
            [
                new Communication
                {
                    Id = $"C-{id}-1",
                    Kind = CommunicationKind.StatusUpdate,
                    Channel = "email",
                    To = "support@client-existant.fr",
                    Subject = "Re: Paiement bloqué",
                    Body = "Nous enquêtons.",
                    Language = "fr",
                    Status = CommunicationStatus.Held,
                    StatusReason = "mentions an internal host name",
                    InReplyTo = "<abc@client-existant.fr>",
                    CreatedAt = T0.AddMinutes(5),
                    SentAt = T0.AddMinutes(6),
                },
            ],
            RootCause = new RootCauseAnalysis("Missing index on sessions.user_id", "db.missing-index", 0.92)
            {
                ContributingCauses = ["pool size 10"],
                FiveWhys = [new WhyStep("Why do payments time out?", "Session lookup is slow.") { Evidence = [evidence] }],
                FindingIds = ["F-1-1"],
                Remediations =
                [
                    new Remediation("R-1", "Add the index", "CREATE INDEX CONCURRENTLY ix ON sessions (user_id)", "low")
                    {
                        Status = RemediationStatus.Approved,
                        ApprovedBy = "bob",
                        Outcome = "applied in 12 s",
                    },
                ],
                StartedAt = T0.AddMinutes(-40),
            },
            PostMortem = new PostMortemReport("# Post-mortem", "# Runbook", T0.AddDays(1)),
            PostMortemWaiver = "customer asked for a call instead",
            GitHubIssueNumber = 40,
        };
        incident.Record(T0, "triage", "email", "signal", "Mail received", new Dictionary<string, string> { ["from"] = "jean@client-existant.fr" });
        incident.Record(T0.AddMinutes(1), "alice", "cli", "transition", "New → Triaged", new Dictionary<string, string> { ["to"] = "Triaged" });
        return incident;
    }
}
