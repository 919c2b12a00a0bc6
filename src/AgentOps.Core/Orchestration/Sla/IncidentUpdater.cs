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
    /// <param name="store">The store.</param>
    /// <param name="incidentId">The incident.</param>
    /// <param name="change">The change; null saves nothing.</param>
    /// <param name="cancellationToken">Cancels reading, saving and pausing.</param>
    /// <param name="maxAttempts">Tries before a conflict is thrown; default 5.</param>
    /// <param name="jitter">When given, a short random pause on this clock after each conflict, so that parallel writers spread out.</param>
    /// <returns>The incident as saved (or as read, when nothing was saved), or null when there is no such incident.</returns>
    /// <exception cref="ConcurrencyException">Still conflicting after <paramref name="maxAttempts"/> tries.</exception>
    public static async Task<Incident?> UpdateAsync(
        IIncidentStore store,
        string incidentId,
        Func<Incident, ChangeSet?> change,
        CancellationToken cancellationToken,
        int maxAttempts = MaxAttempts,
        TimeProvider? jitter = null)
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
            catch (ConcurrencyException) when (attempt < maxAttempts)
            {
                // Someone else saved in between (another node, a CLI command, a parallel track): re-read and decide again.
                if (jitter is not null)
                {
#pragma warning disable CA5394 // Jitter, not security.
                    var pause = TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * Math.Min(attempt, 5)));
#pragma warning restore CA5394
                    await Task.Delay(pause, jitter, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
