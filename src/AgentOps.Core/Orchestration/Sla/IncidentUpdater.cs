using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Core.Orchestration.Sla;

/// <summary>Load, change, save with optimistic concurrency: on a concurrent change the incident is reloaded and the change re-applied.</summary>
internal static class IncidentUpdater
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Applies <paramref name="change"/> to a fresh copy of the incident and saves it with the outbox messages it returns.
    /// A change that returns null saves nothing.
    /// </summary>
    /// <returns>The incident as saved (or as read, when nothing was saved), or null when there is no such incident.</returns>
    public static async Task<Incident?> UpdateAsync(
        IIncidentStore store,
        string incidentId,
        Func<Incident, ChangeSet?> change,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var incident = await store.FindAsync(incidentId, cancellationToken).ConfigureAwait(false);
            if (incident is null)
            {
                return null;
            }

            var changes = change(incident);
            if (changes is null)
            {
                return incident;
            }

            try
            {
                await store.SaveAsync(incident, changes, cancellationToken).ConfigureAwait(false);
                return incident;
            }
            catch (ConcurrencyException) when (attempt < MaxAttempts)
            {
                // Someone else saved in between (another node, a CLI command): re-read and decide again.
            }
        }
    }
}
