using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AgentOps.Core.Commands;
using AgentOps.Core.Communication;
using AgentOps.Core.Diagnostics;
using AgentOps.Core.Intake;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration;
using AgentOps.Core.Persistence;
using AgentOps.Core.PostMortem;
using AgentOps.Host.Demo;
using AgentOps.Infrastructure.Diagnostics;
using AgentOps.Infrastructure.Tools;
using AgentOps.Infrastructure.Tools.Logs;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace AgentOps.Host.Cli;

/// <summary>
/// <c>agentops demo</c>: seed scenario "URGENT - Paiements bloqués !!!" through the real pipeline on the configured
/// (by default embedded) store: intake and triage, orchestration, diagnosis, resolution and communication, post-mortem.
/// Each phase prints what happened and how long it took. The only scripted part is the operator: the demo approves the
/// proposed fix and confirms it was applied, as the on-call engineer would.
/// </summary>
public static class DemoCommand
{
    private const string Operator = "demo-operator";

    public static Command Create(CliContext context)
    {
        var demo = new Command("demo", "Run the payment-hotfix scenario end to end and print each phase with its timing");
        demo.SetAction(async (_, ct) => await RunAsync(context, ct).ConfigureAwait(false));
        return demo;
    }

    private static async Task<int> RunAsync(CliContext context, CancellationToken ct)
    {
        var services = context.Services;
        var output = context.Output;
        var time = services.GetRequiredService<TimeProvider>();
        var store = services.GetRequiredService<IIncidentStore>();
        var executor = services.GetRequiredService<CommandExecutor>();
        var phases = new List<(string Name, TimeSpan Elapsed)>();
        var actor = new CommandActor(Operator, "demo");
        var now = time.GetUtcNow();
        output.WriteLine("AgentOps demo — scenario: URGENT - Paiements bloqués !!! (client-existant.fr)");

        // Start-up, outside the phases: open (or create) the store and the scheduler, load skills and the classifier.
        var watch = Stopwatch.StartNew();
        await store.FindAsync("INC-0000-0000", ct).ConfigureAwait(false);
        await services.GetRequiredService<ISchedulerFactory>().GetScheduler(ct).ConfigureAwait(false);
        var intake = services.GetRequiredService<IntakeService>();
        output.WriteLine($"Ready in {watch.Elapsed.TotalMilliseconds:0} ms (store, scheduler, skills and classifier loaded).");
        output.WriteLine();

        // Phase 1: intake and triage.
        watch.Restart();
        output.WriteLine("Phase 1 — Intake and triage");
        using var email = new MemoryStream(PaymentHotfixScenario.Email(now));
        var outcome = await intake.ProcessAsync(email, new IntakeContext("demo:paiements-bloques.eml"), ct).ConfigureAwait(false);
        if (outcome.IncidentId is not { } id)
        {
            context.Error.WriteLine($"Intake did not open an incident: {outcome.Status} {outcome.QuarantineReason}");
            return 1;
        }

        var intakeElapsed = watch.Elapsed;
        output.WriteLine($"  {outcome.Status.ToString().ToLowerInvariant()} {id}: {outcome.Priority}, intent {outcome.Intent}, confidence {outcome.Confidence:0.00}");
        output.WriteLine($"  SLA deadline {outcome.SlaDeadline:yyyy-MM-dd HH:mm}Z");
        foreach (var reason in outcome.Reasons)
        {
            output.WriteLine($"  - {reason}");
        }

        output.WriteLine($"  routed to skills: {string.Join(", ", outcome.Skills)}");
        output.WriteLine($"  parsed, triaged and stored in {intakeElapsed.TotalMilliseconds:0} ms (first email of a fresh process: includes JIT compilation)");
        var comms = services.GetRequiredService<CommunicationService>();
        var alert = await comms.RaiseInternalAlertAsync(id, "triage", "demo", ct).ConfigureAwait(false);
        output.WriteLine($"  internal alert: {alert.Message}");
        var ack = await comms.AcknowledgeIfDueAsync(id, ct).ConfigureAwait(false);
        output.WriteLine($"  customer acknowledgement: {ack.Message}");
        phases.Add(("Triage", watch.Elapsed));

        // Phase 2: orchestration (CCPM: brief, plan, tracks).
        watch.Restart();
        output.WriteLine("Phase 2 — Orchestration");
        foreach (var verb in new[] { "prd-new", "prd-parse", "epic-decompose" })
        {
            var result = await executor.ExecuteAsync(CommandParser.Parse($"{verb} {id}"), actor, ct).ConfigureAwait(false);
            output.WriteLine($"  pm {verb}: {result.Text.Split('\n')[0]}");
        }

        phases.Add(("Orchestration", watch.Elapsed));

        // Phase 3: diagnosis by the offline analysts over the payment service log.
        watch.Restart();
        output.WriteLine("Phase 3 — Diagnosis");
        var logPath = Path.Combine(context.WorkingDirectory, "data", "demo", $"{id}-payments.log");
        PaymentHotfixScenario.WriteLog(logPath, now.AddMinutes(-90), now);
        var kernels = services.GetRequiredService<DiagnosticsKernelFactory>();
        var tools = kernels.CreateInvoker(new ToolsOptions { Logs = new LogSourcesOptions { Paths = [logPath] } });
        var incident = await store.FindAsync(id, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"{id} vanished.");
        new IncidentStateMachine(incident, time).Fire(IncidentTrigger.Investigate, new TransitionContext(Operator, "demo"));
        var investigation = await services.GetRequiredService<InvestigationRunner>().RunAsync(incident, tools, null, ct).ConfigureAwait(false);
        await store.SaveAsync(incident, null, ct).ConfigureAwait(false);
        foreach (var finding in investigation.Findings)
        {
            output.WriteLine($"  finding {finding.Id} ({finding.Category}, {finding.Confidence:0.00}): {finding.Claim}");
        }

        output.WriteLine($"  ROOT CAUSE: {investigation.Analysis.RootCause}");
        foreach (var remediation in investigation.Analysis.Remediations)
        {
            output.WriteLine($"  proposed fix {remediation.Id} (risk {remediation.Risk}): {remediation.Description}");
        }

        phases.Add(("Diagnosis", watch.Elapsed));

        // Phase 4: resolution (approval by the operator) and communication.
        watch.Restart();
        output.WriteLine("Phase 4 — Resolution and communication");
        incident = await store.FindAsync(id, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"{id} vanished.");
        var remediations = services.GetRequiredService<RemediationService>();
        foreach (var remediation in incident.RootCause?.Remediations ?? [])
        {
            var approved = remediations.Approve(incident, remediation.Id, Operator, "demo");
            output.WriteLine($"  {Operator} approves {remediation.Id}: {approved.Message}");
        }

        incident.Record(time.GetUtcNow(), Operator, "demo", "note", "Operator rotated the payment provider key and restarted payment-service; test payment OK.");
        foreach (var track in incident.Tracks.Where(t => t.State is TrackState.Open or TrackState.InProgress).OrderBy(t => t.Kind == TrackKind.Fix))
        {
            var machine = new TrackStateMachine(incident, track, time);
            if (track.State == TrackState.Open)
            {
                machine.Fire(TrackTrigger.Start, new TransitionContext(Operator, "demo"));
            }

            machine.Fire(TrackTrigger.Complete, new TransitionContext(Operator, "demo"));
        }

        var incidentMachine = new IncidentStateMachine(incident, time);
        incidentMachine.Fire(IncidentTrigger.Mitigate, new TransitionContext(Operator, "demo"));
        incidentMachine.Fire(IncidentTrigger.Resolve, new TransitionContext(Operator, "demo"));
        await store.SaveAsync(incident, null, ct).ConfigureAwait(false);
        output.WriteLine($"  {id} is {incident.State}; all {incident.Tracks.Count} tracks done");
        var drafted = await comms.DraftCustomerEmailAsync(id, CommunicationKind.Resolution, "agentops", "demo", null, ct).ConfigureAwait(false);
        output.WriteLine($"  resolution email: {drafted.Message}");
        foreach (var draft in drafted.Communications.Where(c => c.Kind == CommunicationKind.Resolution && c.Status == CommunicationStatus.Draft))
        {
            var sent = await comms.ApproveAndQueueAsync(id, draft.Id, Operator, "demo", ct).ConfigureAwait(false);
            output.WriteLine($"  pm comms-send {id} {draft.Id}: {sent.Message}");
        }

        var dispatch = await services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(ct).ConfigureAwait(false);
        output.WriteLine($"  outbox: {dispatch}");
        phases.Add(("Resolution + communication", watch.Elapsed));

        // Phase 5: post-mortem.
        watch.Restart();
        output.WriteLine("Phase 5 — Post-mortem");
        await executor.ExecuteAsync(CommandParser.Parse($"incident-transition {id} start-post-mortem"), actor, ct).ConfigureAwait(false);
        var postMortem = await services.GetRequiredService<PostMortemService>().GeneratePostMortemAsync(id, "agentops", "demo", ct).ConfigureAwait(false);
        output.WriteLine($"  {postMortem.Message}");
        if (postMortem.Score is { } score)
        {
            output.WriteLine($"  checklist score: {score.Passed}/{score.Total}");
        }

        var closed = await executor.ExecuteAsync(CommandParser.Parse($"incident-transition {id} close"), actor, ct).ConfigureAwait(false);
        output.WriteLine($"  {closed.Text}");
        phases.Add(("Post-mortem", watch.Elapsed));

        output.WriteLine();
        output.WriteLine("| Phase | Time |");
        output.WriteLine("|---|---|");
        foreach (var (name, elapsed) in phases)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {elapsed.TotalMilliseconds:0} ms |"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Total | {phases.Sum(p => p.Elapsed.TotalMilliseconds):0} ms |"));
        output.WriteLine();
        output.WriteLine($"See it all: agentops incident show {id}");
        return closed.ExitCode;
    }
}
