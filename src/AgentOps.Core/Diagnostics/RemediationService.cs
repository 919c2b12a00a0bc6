using System.Globalization;
using AgentOps.Core.Model;

namespace AgentOps.Core.Diagnostics;

/// <summary>
/// Approval gate of remediations: a proposed fix is approved or rejected by id (<c>agentops pm approve R-1</c>),
/// and only an approved one is ever passed to an <see cref="IRemediationExecutor"/>. Every step goes on the timeline.
/// The caller saves the incident afterwards.
/// </summary>
public sealed class RemediationService
{
    private readonly IEnumerable<IRemediationExecutor> _executors;
    private readonly TimeProvider _time;

    public RemediationService(IEnumerable<IRemediationExecutor> executors, TimeProvider time)
    {
        _executors = executors;
        _time = time;
    }

    /// <summary>Approves remediation <paramref name="remediationId"/> of <paramref name="incident"/>: status Approved, timeline event <c>approval</c>.</summary>
    public RemediationResult Approve(Incident incident, string remediationId, string actor, string source)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var found = Find(incident, remediationId);
        if (found is null)
        {
            return NotFound(incident, remediationId);
        }

        if (found.Status != RemediationStatus.Proposed)
        {
            return new RemediationResult(false, $"Remediation {found.Id} of {incident.Id} is {found.Status}: only a proposed remediation can be approved.", found);
        }

        var approved = Replace(incident, found with { Status = RemediationStatus.Approved, ApprovedBy = actor });
        Record(incident, actor, source, "approval", $"Remediation {found.Id} approved by {actor}: {found.Action}", approved);
        return new RemediationResult(true, $"Remediation {found.Id} approved; it runs with 'apply'.", approved);
    }

    /// <summary>Rejects remediation <paramref name="remediationId"/>: status Rejected, timeline event <c>approval</c>.</summary>
    public RemediationResult Reject(Incident incident, string remediationId, string actor, string source, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var found = Find(incident, remediationId);
        if (found is null)
        {
            return NotFound(incident, remediationId);
        }

        if (found.Status is RemediationStatus.Applied or RemediationStatus.Rejected)
        {
            return new RemediationResult(false, $"Remediation {found.Id} of {incident.Id} is already {found.Status}.", found);
        }

        var rejected = Replace(incident, found with { Status = RemediationStatus.Rejected, Outcome = reason });
        Record(incident, actor, source, "approval", $"Remediation {found.Id} rejected by {actor}{(reason is null ? string.Empty : $": {reason}")}", rejected);
        return new RemediationResult(true, $"Remediation {found.Id} rejected.", rejected);
    }

    /// <summary>
    /// Runs remediation <paramref name="remediationId"/> if, and only if, it was approved; records the outcome
    /// (Applied or Failed) on the remediation and the timeline.
    /// </summary>
    public async Task<RemediationResult> ApplyAsync(Incident incident, string remediationId, string actor, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var found = Find(incident, remediationId);
        if (found is null)
        {
            return NotFound(incident, remediationId);
        }

        if (found.Status != RemediationStatus.Approved)
        {
            return new RemediationResult(false, $"Remediation {found.Id} of {incident.Id} is {found.Status}: it must be approved first ('agentops pm approve {found.Id}').", found);
        }

        var executor = _executors.FirstOrDefault(e => e.CanRun(found));
        if (executor is null)
        {
            return new RemediationResult(false, $"No executor can run '{found.Action}': apply it by hand and record the outcome.", found);
        }

        Remediation outcome;
        try
        {
            var message = await executor.RunAsync(found, cancellationToken).ConfigureAwait(false);
            outcome = found with { Status = RemediationStatus.Applied, Outcome = message };
        }
        catch (InvalidOperationException ex)
        {
            outcome = found with { Status = RemediationStatus.Failed, Outcome = ex.Message };
        }

        Replace(incident, outcome);
        Record(incident, actor, source, "remediation", $"Remediation {found.Id} {outcome.Status.ToString().ToLowerInvariant()}: {outcome.Outcome}", outcome);
        return new RemediationResult(outcome.Status == RemediationStatus.Applied, $"Remediation {found.Id} {outcome.Status}: {outcome.Outcome}", outcome);
    }

    private static Remediation? Find(Incident incident, string id) =>
        incident.RootCause?.Remediations.FirstOrDefault(r => string.Equals(r.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase));

    private static RemediationResult NotFound(Incident incident, string id)
    {
        var known = incident.RootCause?.Remediations.Select(r => r.Id).ToList() ?? [];
        return new RemediationResult(false, $"{incident.Id} has no remediation '{id}'. Known: {(known.Count == 0 ? "none" : string.Join(", ", known))}.", null);
    }

    private static Remediation Replace(Incident incident, Remediation updated)
    {
        var analysis = incident.RootCause!;
        incident.RootCause = analysis with { Remediations = analysis.Remediations.Select(r => r.Id == updated.Id ? updated : r).ToList() };
        return updated;
    }

    private void Record(Incident incident, string actor, string source, string kind, string message, Remediation remediation) =>
        incident.Record(_time.GetUtcNow(), actor, source, kind, message, new Dictionary<string, string>
        {
            ["remediation"] = remediation.Id,
            ["status"] = remediation.Status.ToString(),
            ["action"] = remediation.Action,
            ["at"] = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        });
}
