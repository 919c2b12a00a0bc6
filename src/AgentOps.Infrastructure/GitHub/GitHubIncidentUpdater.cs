using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>Read-modify-write of an incident with retries on <see cref="ConcurrencyException"/>.</summary>
internal static class GitHubIncidentUpdater
{
    /// <summary>
    /// Loads the incident, applies <paramref name="change"/> and saves it with the change set it returns; a
    /// <see langword="null"/> change set means "nothing to save". Retries from a fresh read when someone else saved first.
    /// </summary>
    /// <exception cref="GitHubException">The incident does not exist.</exception>
    public static async Task<Incident> UpdateAsync(IIncidentStore store, string incidentId, Func<Incident, ChangeSet?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var incident = await store.FindAsync(incidentId, cancellationToken).ConfigureAwait(false)
                ?? throw new GitHubException($"Incident {incidentId} does not exist.");
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
            catch (ConcurrencyException) when (attempt < 8)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
