using AgentOps.Core.Communication;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Dashboard.Tests.Server.Dashboard;

/// <summary>
/// Incidents for the dashboard tests, with times relative to now (the server runs on the system clock):
/// an investigated P1 with tracks synced to GitHub, a P2 whose SLA is breached, a resolved P1 with a post-mortem and a
/// resolution email awaiting approval, and a P3 whose every text is an injection attempt.
/// </summary>
public sealed record DashboardSeed(string Investigating, string Breached, string Resolved, string ResolutionDraftId, string Hostile)
{
    public const string ScriptInjection = "<script>window.__xss = 1</script>";
    public const string ImageInjection = "<img src=x onerror=\"window.__xss = 2\">";
    public const string QuoteInjection = "\"><svg onload=\"window.__xss = 3\">";

    public static async Task<DashboardSeed> WriteAsync(IIncidentStore store, CommunicationService communications)
    {
        var now = TimeProvider.System.GetUtcNow();
        var investigating = await AddAsync(store, await store.NextIncidentIdAsync(now), now.AddMinutes(-50), Priority.P1, IncidentState.Investigating, "Paiements bloqués : erreur 500 au checkout", incident =>
        {
            incident.Customer = new Customer("Jean Martin", "support@client-existant.fr", "client-existant.fr", "enterprise");
            incident.Sla = new SlaDeadlines(now.AddMinutes(-35), now.AddHours(3).AddMinutes(10)) { ResolutionTarget = TimeSpan.FromHours(4) };
            incident.AcknowledgedAt = now.AddMinutes(-46);
            incident.GitHubIssueNumber = 41;
            var logs = new Track { Number = 1, Kind = TrackKind.Monitoring, Title = "Payment service logs", State = TrackState.InProgress, GitHubIssueNumber = 42 };
            logs.Findings.Add(new Finding("F-1-1", 1, "Stripe rejects every payment call with 'API Key expired'", 0.95, now.AddMinutes(-20))
            {
                Category = "app.expired-api-key",
                Evidence = [new Evidence("logs:payment-service/app.log:1204", "ERROR StripeAuthenticationError: API Key expired (request req_8xK2)", now.AddMinutes(-62))],
            });
            incident.Tracks.Add(logs);
            incident.Tracks.Add(new Track { Number = 2, Kind = TrackKind.Application, Title = "Payment API error handling", DependsOn = [1], GitHubIssueNumber = 43 });
            incident.Record(now.AddMinutes(-50), "support@client-existant.fr", "email", "signal", "Email received: URGENT - Paiements bloqués !!!");
            incident.Record(now.AddMinutes(-49), "triage", "system", "transition", "New → Triaged (triage)", new Dictionary<string, string> { ["from"] = "New", ["to"] = "Triaged", ["trigger"] = "Triage" });
            incident.Record(now.AddMinutes(-46), "alice", "cli", "transition", "Triaged → Investigating (investigate)", new Dictionary<string, string> { ["from"] = "Triaged", ["to"] = "Investigating", ["trigger"] = "Investigate" });
        });

        var breached = await AddAsync(store, await store.NextIncidentIdAsync(now), now.AddHours(-10), Priority.P2, IncidentState.New, "Export CSV impossible depuis ce matin", incident =>
        {
            incident.Customer = new Customer("Marie Dubois", "it@boutique-lyon.fr", "boutique-lyon.fr", "standard");
            incident.Sla = new SlaDeadlines(now.AddHours(-9), now.AddHours(-2)) { ResolutionTarget = TimeSpan.FromHours(8) };
            incident.Record(now.AddHours(-10), "it@boutique-lyon.fr", "email", "signal", "Email received: Export CSV impossible");
        });

        var resolved = await AddAsync(store, await store.NextIncidentIdAsync(now), now.AddHours(-3), Priority.P1, IncidentState.Resolved, "Paiements bloqués (clé API expirée)", incident =>
        {
            var t = now.AddHours(-3);
            incident.Customer = new Customer("Jean Martin", "support@client-existant.fr", "client-existant.fr", "enterprise", "fr");
            incident.Sla = new SlaDeadlines(t.AddMinutes(15), t.AddHours(4)) { ResolutionTarget = TimeSpan.FromHours(4) };
            incident.Triage = new TriageResult(Priority.P1, "bug-production", 0.95);
            incident.AcknowledgedAt = t.AddMinutes(4);
            incident.ResolvedAt = t.AddMinutes(105);
            incident.MessageIds.Add($"CAJM.{Guid.NewGuid():N}@client-existant.fr");
            var logs = new Track { Number = 1, Kind = TrackKind.Monitoring, Title = "Payment service logs", State = TrackState.Done };
            logs.Findings.Add(new Finding("F-1-1", 1, "Stripe rejects every payment call with 'API Key expired' " + ScriptInjection, 0.95, t.AddMinutes(20))
            {
                Category = "app.expired-api-key",
                Evidence = [new Evidence("logs:payment-service/app.log:1204", "ERROR StripeAuthenticationError: API Key expired " + ImageInjection, t.AddMinutes(-62))],
            });
            incident.Tracks.Add(logs);
            incident.RootCause = new RootCauseAnalysis("Expiration automatique de la clé API Stripe (rotation sécurité)", "app.expired-api-key", 0.95)
            {
                StartedAt = t.AddMinutes(-62),
                FindingIds = ["F-1-1"],
                ContributingCauses = ["No alert before the API key expiry date"],
                Remediations =
                [
                    new Remediation("R-1", "Nouvelle clé API déployée", "kubectl apply -f stripe-api.yaml", "low") { Status = RemediationStatus.Applied, ApprovedBy = "alice", Outcome = "secret updated" },
                    new Remediation("R-2", "Services redémarrés", "kubectl rollout restart deployment/payment-service", "low") { Status = RemediationStatus.Applied, ApprovedBy = "alice", Outcome = "rollout complete" },
                ],
            };
            incident.PostMortem = new PostMortemReport(
                $"""
                # Post-mortem: Paiements bloqués ({incident.Id})

                _Blameless review: it describes what the systems and processes did._

                ## Summary

                - **Priority / severity**: P1 / SEV-1
                - **Root cause**: Expiration automatique de la clé API Stripe
                - Injected: {ScriptInjection} {QuoteInjection}

                ## Timeline

                | # | Time (UTC) | Who | Event |
                |---|---|---|---|
                | 1 | 09:00 | support | Email received {ImageInjection} |

                See [the runbook](javascript:alert(1)) and [Stripe docs](https://stripe.com/docs/keys).
                """,
                "# Runbook",
                now.AddMinutes(-30));
            incident.Record(t, "support@client-existant.fr", "email", "signal", "Email received: URGENT - Paiements bloqués !!!");
            incident.Record(t.AddMinutes(105), "alice", "cli", "transition", "Investigating → Resolved (resolve)", new Dictionary<string, string> { ["from"] = "Investigating", ["to"] = "Resolved", ["trigger"] = "Resolve" });
        });
        var draft = await communications.DraftCustomerEmailAsync(resolved, CommunicationKind.Resolution, "agentops", "system");
        if (!draft.Succeeded || draft.Communications is not [{ Status: CommunicationStatus.Draft } resolution])
        {
            throw new InvalidOperationException($"The resolution email of the seed was not drafted for approval: {draft.Message}");
        }

        var hostile = await AddAsync(store, await store.NextIncidentIdAsync(now), now.AddMinutes(-5), Priority.P3, IncidentState.Triaged, "Disque plein " + ScriptInjection + ImageInjection, incident =>
        {
            incident.Customer = new Customer("Eve " + QuoteInjection, "eve@attaque.example", "attaque.example", "standard");
            incident.Sla = new SlaDeadlines(now.AddMinutes(55), now.AddHours(23)) { ResolutionTarget = TimeSpan.FromHours(24) };
            incident.Record(now.AddMinutes(-5), "eve " + ImageInjection, "email", "signal", "Body: " + ScriptInjection + "\n" + QuoteInjection);
            incident.Communications.Add(new Communication
            {
                Id = $"C-{incident.Id}-1",
                Kind = CommunicationKind.StatusUpdate,
                Channel = "email",
                To = "eve@attaque.example",
                Subject = "Suivi " + ScriptInjection,
                Body = "Bonjour,\n" + ImageInjection + "\n" + QuoteInjection,
                CreatedAt = now.AddMinutes(-4),
            });
        });
        return new DashboardSeed(investigating, breached, resolved, resolution.Id, hostile);
    }

    private static async Task<string> AddAsync(IIncidentStore store, string id, DateTimeOffset createdAt, Priority priority, IncidentState state, string title, Action<Incident> fill)
    {
        var incident = new Incident { Id = id, Title = title, Priority = priority, Severity = (Severity)(int)priority, State = state, CreatedAt = createdAt };
        fill(incident);
        await store.SaveAsync(incident);
        return id;
    }
}
