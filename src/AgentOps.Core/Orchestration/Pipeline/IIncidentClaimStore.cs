namespace AgentOps.Core.Orchestration.Pipeline;

/// <summary>
/// Claims on incidents with a lease, so that several nodes sharing one store never work the same incident at once. An
/// incident is due when it is active and changed since the pipeline last finished with it (its version is above the
/// processed version); a claim whose lease ran out (dead node) can be taken by anyone.
/// </summary>
public interface IIncidentClaimStore
{
    /// <summary>
    /// Claims up to <paramref name="max"/> due incidents for <paramref name="owner"/> until <paramref name="now"/> +
    /// <paramref name="lease"/>, most urgent first (priority, then age). Atomic: two claimers never get the same incident.
    /// </summary>
    /// <returns>The ids of the incidents claimed.</returns>
    Task<IReadOnlyList<string>> ClaimIncidentsAsync(string owner, int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Extends the claim of <paramref name="owner"/> on an incident to <paramref name="now"/> + <paramref name="lease"/>.</summary>
    /// <returns>Whether the claim is still held, and the incident's state (to stop working a resolved incident).</returns>
    Task<ClaimRenewal> RenewIncidentClaimAsync(string incidentId, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Releases the claim of <paramref name="owner"/>. With <paramref name="processedVersion"/>, the incident is done up to
    /// that version; without it, the pass failed and the incident is due again at <paramref name="retryAt"/>.
    /// Does nothing when the claim is no longer held by <paramref name="owner"/>.
    /// </summary>
    Task ReleaseIncidentClaimAsync(string incidentId, string owner, long? processedVersion, DateTimeOffset retryAt, string? error, CancellationToken cancellationToken = default);
}
