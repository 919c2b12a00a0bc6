using System.Globalization;
using AgentOps.Core.Commands;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Core.Orchestration.Sla;

/// <summary>
/// The periodic sweep: re-syncs the SLA timers of every open incident (a timer lost to a crash between a save and a
/// schedule comes back), and flags incidents with no activity for <paramref name="staleAfter"/> once, with an alert.
/// </summary>
public sealed class StaleIncidentSweeper(IIncidentStore store, EscalationMatrix matrix, ISlaTimers timers, TimeProvider time, TimeSpan staleAfter)
{
    /// <summary>The timeline kind of the stale marker.</summary>
    public const string StaleKind = "stale";

    /// <summary>Sweeps all open incidents.</summary>
    /// <returns>How many incidents were examined and how many were newly flagged stale.</returns>
    /// <exception cref="StoreException">The store cannot be used.</exception>
    public async Task<(int Examined, int FlaggedStale)> SweepAsync(CancellationToken cancellationToken = default)
    {
        var open = await store.ListAsync(IncidentQuery.Open with { Limit = 100_000 }, cancellationToken).ConfigureAwait(false);
        var flagged = 0;
        foreach (var incident in open)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await timers.SyncAsync(incident, cancellationToken).ConfigureAwait(false);
            if (IsNewlyStale(incident, time.GetUtcNow()))
            {
                var flaggedNow = false;
                await IncidentUpdater.UpdateAsync(store, incident.Id, i =>
                {
                    var changes = Flag(i);
                    flaggedNow = changes is not null;
                    return changes;
                }, cancellationToken).ConfigureAwait(false);
                flagged += flaggedNow ? 1 : 0;
            }
        }

        return (open.Count, flagged);
    }

    private bool IsNewlyStale(Incident incident, DateTimeOffset now)
    {
        if (!SlaSchedule.IsActive(incident.State))
        {
            return false;
        }

        var last = incident.Timeline.Count == 0 ? null : incident.Timeline[^1];
        return last?.Kind != StaleKind && now - (last?.At ?? incident.CreatedAt) >= staleAfter;
    }

    private ChangeSet? Flag(Incident incident)
    {
        var now = time.GetUtcNow();
        if (!IsNewlyStale(incident, now))
        {
            return null;
        }

        var idle = now - (incident.Timeline.Count == 0 ? incident.CreatedAt : incident.Timeline[^1].At);
        var message = $"No activity for {IncidentViews.Duration(idle)} while {incident.State}.";
        incident.Record(now, SlaEscalator.Actor, SlaEscalator.Source, StaleKind, message);
        var changes = new ChangeSet();
        var key = string.Create(CultureInfo.InvariantCulture, $"stale-{incident.Timeline.Count}");
        SlaAlert.Add(changes, incident, key, "stale", message, matrix.TargetsForLevel(incident.Priority, Math.Max(1, incident.EscalationLevel)), now);
        return changes;
    }
}
