using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Core.Commands;

/// <summary>The verbs that call into the orchestration, communication, post-mortem and diagnostics stages.</summary>
public sealed partial class CommandExecutor
{
    private async Task<CommandResult> ExecuteOperationAsync(ParsedCommand command, CommandActor actor, CommandServices services, CancellationToken ct)
    {
        var id = command.Argument(0)?.ToUpperInvariant();
        switch (command.Verb)
        {
            case "ack":
                return services.Sla is null ? NotConfigured("SLA timers") : await services.Sla.AcknowledgeAsync(id!, actor, ct).ConfigureAwait(false);
            case "escalate":
                return services.Sla is null ? NotConfigured("SLA timers") : await services.Sla.EscalateAsync(id!, command.Option("reason"), actor, ct).ConfigureAwait(false);
            case "sla":
                return services.Sla is null ? NotConfigured("SLA timers") : await services.Sla.ReportAsync(ct).ConfigureAwait(false);
            case "comms-send":
                if (services.Communications is null)
                {
                    return NotConfigured("communication");
                }

                var sent = await services.Communications.ApproveAndQueueAsync(id!, command.Argument(1)!, actor.Name, actor.Source, ct).ConfigureAwait(false);
                return sent.Succeeded
                    ? CommandResult.Ok(sent.Message, sent.Communications.Select(c => new { c.Id, kind = c.Kind.ToString(), c.To, c.Subject, status = c.Status.ToString() }).ToList())
                    : CommandResult.Failure(sent.Message);
            case "epic-sync":
            case "issue-sync":
                if (services.IssueTracker is null)
                {
                    return CommandResult.Failure("GitHub sync is not configured: set the GitHub section (Owner, Repo, and GITHUB_TOKEN or a GitHub App; see README). Nothing was sent.");
                }

                if (await store.FindAsync(id!, ct).ConfigureAwait(false) is null)
                {
                    return CommandResult.Failure($"No incident {id}. 'pm incident-list' shows the incidents.");
                }

                if (command.Verb == "epic-sync")
                {
                    return await services.IssueTracker.EpicSyncAsync(id!, ct).ConfigureAwait(false);
                }

                int? track = null;
                if (command.Option("track") is { } t)
                {
                    if (!int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1)
                    {
                        return CommandResult.Usage($"--track must be a track number, not '{t}'.");
                    }

                    track = n;
                }

                return await services.IssueTracker.IssueSyncAsync(id!, track, ct).ConfigureAwait(false);
            case "postmortem":
            case "runbook":
                if (services.PostMortems is null)
                {
                    return NotConfigured("post-mortem");
                }

                var report = command.Verb == "postmortem"
                    ? await services.PostMortems.GeneratePostMortemAsync(id!, actor.Name, actor.Source, ct).ConfigureAwait(false)
                    : await services.PostMortems.GetRunbookAsync(id!, actor.Name, actor.Source, ct).ConfigureAwait(false);
                if (!report.Succeeded)
                {
                    return CommandResult.Failure(report.Message);
                }

                var path = command.Verb == "postmortem" ? report.PostMortemPath : report.RunbookPath;
                var body = command.Verb == "postmortem" ? report.Markdown : report.Runbook;
                return CommandResult.Ok(
                    $"{report.Message}{(path is null ? string.Empty : $" Written to {path}.")}\n\n{body}",
                    new { incident = id, path, score = report.Score, markdown = body });
            default:
                return await ApproveRemediationAsync(id!, command.Argument(1)!, actor, services, ct).ConfigureAwait(false);
        }
    }

    private async Task<CommandResult> ApproveRemediationAsync(string incidentId, string remediationId, CommandActor actor, CommandServices services, CancellationToken ct)
    {
        if (services.Remediations is null)
        {
            return NotConfigured("remediation");
        }

        // A refused approval (unknown or not proposed) throws inside the change, so nothing is saved.
        var message = string.Empty;
        await MutateAsync(incidentId, incident =>
        {
            var result = services.Remediations.Approve(incident, remediationId, actor.Name, actor.Source);
            message = result.Succeeded ? result.Message : throw new CommandFailedException(result.Message);
        }, ct).ConfigureAwait(false);

        // The fix runs only now, after the approval is committed; its outcome is saved on the timeline either way.
        for (var attempt = 1; ; attempt++)
        {
            var incident = await LoadAsync(incidentId, ct).ConfigureAwait(false);
            var applied = await services.Remediations.ApplyAsync(incident, remediationId, actor.Name, actor.Source, ct).ConfigureAwait(false);
            try
            {
                await store.SaveAsync(incident, null, ct).ConfigureAwait(false);
                var remediation = incident.RootCause?.Remediations.FirstOrDefault(r => r.Id == remediationId);
                return applied.Succeeded
                    ? CommandResult.Ok($"{message} {applied.Message}", new { incident = incidentId, remediation })
                    : CommandResult.Failure($"{message} {applied.Message}");
            }
            catch (ConcurrencyException) when (attempt < MaxRetries)
            {
                // Another writer saved in between; the executor is idempotent on an applied remediation.
            }
        }
    }

    private static CommandResult NotConfigured(string what) =>
        CommandResult.Failure($"The {what} stage is not available in this process (check its configuration section).");
}
