using AgentOps.Core.Model;

namespace AgentOps.Infrastructure.Tests.Fakes;

/// <summary>
/// Seed 004 ("Paiements bloqués", client-existant.fr, P1, SLA 4h) as the pipeline leaves it when resolved: triage, two diagnostic
/// tracks with evidence, the root cause with its 5 whys, the three applied remediations. Times are UTC; Paris is UTC+1 in January,
/// so the 09:00 UTC report is "10h" and the 13:00 UTC deadline is "14h00" as in the seed.
/// </summary>
public static class Seed004Incident
{
    public const string CustomerMessageId = "CAJM.20250109.1000.payments@client-existant.fr";
    public const string OriginalSubject = "URGENT - Paiements bloqués !!!";
    public static readonly DateTimeOffset ReportedAt = new(2025, 1, 9, 9, 0, 0, TimeSpan.Zero);

    public static Incident Create(string id = "INC-2025-0001", bool resolved = true)
    {
        var t = ReportedAt;
        var incident = new Incident
        {
            Id = id,
            Title = "Paiements bloqués",
            Priority = Priority.P1,
            Severity = Severity.Sev1,
            State = resolved ? IncidentState.Resolved : IncidentState.Investigating,
            Customer = new Customer("Jean Martin", "support@client-existant.fr", "client-existant.fr", "enterprise"),
            Sla = new SlaDeadlines(t.AddMinutes(15), t.AddHours(4)) { ResolutionTarget = TimeSpan.FromHours(4) },
            Triage = new TriageResult(Priority.P1, "bug-production", 0.95)
            {
                Impact = ["production-down", "revenue"],
                Skills = ["client-intake", "task-orchestrator", "devops", "backend-developer"],
                Reasons = ["'URGENT', 'CRITIQUE'", "'paiements bloqués'", "'nous perdons des ventes'"],
            },
            CreatedAt = t,
            AcknowledgedAt = t.AddMinutes(4),
            ResolvedAt = resolved ? t.AddMinutes(105) : null,
            MessageIds = [CustomerMessageId],
            Brief = new InvestigationBrief("payments-blocked", "Find why every payment fails with HTTP 500 and restore payments.")
            {
                Symptoms = ["Every payment fails with \"Erreur 500 lors du paiement\"", "Started around 10h (Paris) according to the customer"],
                ResolutionCriteria = ["a test payment succeeds", "payment error rate back to 0%"],
            },
            Plan = new InvestigationPlan { Steps = ["Read the payment-service logs around the start of the failures"] },
        };
        incident.Record(t, "support@client-existant.fr", "email", "signal", "Email received: " + OriginalSubject,
            new Dictionary<string, string> { ["subject"] = OriginalSubject, ["messageId"] = CustomerMessageId });
        incident.Record(t.AddMinutes(1), "triage", "system", "transition", "Triaged P1 (bug-production, confidence 0.95)");
        incident.Record(t.AddMinutes(4), "alice", "cli", "transition", "Acknowledged; investigation started");

        var logs = new Track { Number = 1, Kind = TrackKind.Monitoring, Title = "Payment service logs", State = TrackState.Done, Assignee = "DevOps" };
        logs.Findings.Add(new Finding("F-1-1", 1, "Stripe rejects every payment call with 'API Key expired' since 08:58 UTC", 0.95, t.AddMinutes(20))
        {
            Category = "app.expired-api-key",
            ObservedSince = t.AddMinutes(-62),
            Evidence = [new Evidence("logs:payment-service/app.log:1204", "ERROR StripeAuthenticationError: API Key expired (request req_8xK2)", t.AddMinutes(-62))],
        });
        logs.Findings.Add(new Finding("F-1-2", 1, "12 failed payments (~€850 revenue) and error rate 100% on /checkout between 07:58 and 09:40 UTC", 0.9, t.AddMinutes(25))
        {
            Category = "impact.payments",
            Evidence = [new Evidence("prometheus:payments_failed_total", "12 failed payments; revenue impact ~€850; error rate 100% on POST /checkout", t.AddMinutes(24))],
        });
        var app = new Track { Number = 2, Kind = TrackKind.Application, Title = "Payment API error handling", State = TrackState.Done, Assignee = "Backend" };
        app.Findings.Add(new Finding("F-2-1", 2, "The Stripe secret was rotated automatically at 07:58 UTC and the deployed key was not updated", 0.9, t.AddMinutes(30))
        {
            Category = "app.expired-api-key",
            Evidence = [new Evidence("kubectl:secret/stripe-api", "stripe-api key created 2024-10-11, expired 2025-01-09T07:58Z by rotation policy", t.AddMinutes(29))],
        });
        incident.Tracks.Add(logs);
        incident.Tracks.Add(app);
        incident.Record(t.AddMinutes(20), "agent:monitoring", "system", "finding", "F-1-1 Stripe rejects every payment call with 'API Key expired'");
        incident.Record(t.AddMinutes(30), "agent:application", "system", "finding", "F-2-1 The Stripe secret was rotated and the deployed key was not updated");

        incident.RootCause = new RootCauseAnalysis("Expiration automatique de la clé API Stripe (rotation sécurité)", "app.expired-api-key", 0.95)
        {
            StartedAt = t.AddMinutes(-62),
            FindingIds = ["F-1-1", "F-2-1"],
            ContributingCauses = ["No alert before the API key expiry date", "Key rotation is not rehearsed in staging"],
            FiveWhys =
            [
                new WhyStep("Why did customers get HTTP 500 when paying?", "payment-service failed every Stripe call.") { Evidence = [logs.Findings[0].Evidence[0]] },
                new WhyStep("Why did every Stripe call fail?", "Stripe answered 'API Key expired'.") { Evidence = [logs.Findings[0].Evidence[0]] },
                new WhyStep("Why was the key expired?", "The security policy rotated the Stripe key at 07:58 UTC.") { Evidence = [app.Findings[0].Evidence[0]] },
                new WhyStep("Why was the new key not deployed?", "The rotation does not update the Kubernetes secret of payment-service."),
                new WhyStep("Why was nobody warned before?", "No alert watches the key expiry date."),
            ],
            Remediations =
            [
                new Remediation("R-1", "Nouvelle clé API déployée", "kubectl create secret generic stripe-api --from-literal=key=\"$STRIPE_KEY\" --dry-run=client -o yaml | kubectl apply -f -", "low") { Status = RemediationStatus.Applied, ApprovedBy = "alice", Outcome = "secret updated" },
                new Remediation("R-2", "Services redémarrés", "kubectl rollout restart deployment/payment-service", "low") { Status = RemediationStatus.Applied, ApprovedBy = "alice", Outcome = "rollout complete" },
                new Remediation("R-3", "Paiement test validé", "curl -X POST https://api.client.fr/test-payment", "low") { Status = RemediationStatus.Applied, ApprovedBy = "alice", Outcome = "{\"status\": \"success\"}" },
            ],
        };
        incident.Record(t.AddMinutes(45), "alice", "cli", "remediation", "R-1 approved and applied");
        incident.Record(t.AddMinutes(60), "alice", "cli", "remediation", "R-2 approved and applied");
        incident.Record(t.AddMinutes(75), "alice", "cli", "remediation", "R-3 approved and applied: test payment OK");
        if (resolved)
        {
            incident.Record(t.AddMinutes(105), "alice", "cli", "transition", "Resolved");
        }

        return incident;
    }
}
