using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentOps.Host.Server.Dashboard;

/// <summary>
/// Tells live pages when incidents change. One loop per node reads the store every
/// <see cref="DashboardOptions.PollInterval"/> while at least one page listens, so a change made by another node, the
/// CLI or a background job on the same store is seen as well as one made here. Pages compare the snapshots with the
/// version they were rendered from, so a change between rendering and listening is not missed.
/// </summary>
public sealed partial class IncidentChangeFeed : IAsyncDisposable
{
    private readonly IIncidentStore _store;
    private readonly TimeProvider _time;
    private readonly DashboardOptions _options;
    private readonly ILogger<IncidentChangeFeed> _logger;
    private readonly ConcurrentDictionary<string, int> _watched = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource<IncidentSnapshot> _next = NewSignal();
    private IncidentSnapshot? _latest;
    private int _listeners;
    private Task? _loop;

    public IncidentChangeFeed(IIncidentStore store, TimeProvider time, IOptions<DashboardOptions> options, ILogger<IncidentChangeFeed> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The digest the board page embeds, computed the same way as <see cref="IncidentSnapshot.BoardFingerprint"/>.</summary>
    public static string Fingerprint(IEnumerable<IncidentVersion> openIncidents)
    {
        ArgumentNullException.ThrowIfNull(openIncidents);
        var text = new StringBuilder();
        foreach (var incident in openIncidents.OrderBy(i => i.Id, StringComparer.Ordinal))
        {
            text.Append(incident.Id).Append(':').Append(incident.Version).Append(';');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>Listens until <paramref name="cancellationToken"/> fires: yields every snapshot (one per poll).</summary>
    /// <param name="incidentId">An incident to watch even when it is not open (an incident page), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Ends the listening.</param>
    public async IAsyncEnumerable<IncidentSnapshot> ListenAsync(string? incidentId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (incidentId is not null)
        {
            _watched.AddOrUpdate(incidentId, 1, (_, n) => n + 1);
        }

        Attach();
        try
        {
            long seen = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                IncidentSnapshot? latest;
                Task<IncidentSnapshot> next;
                lock (_gate)
                {
                    next = _next.Task;
                    latest = _latest is { } l && l.Sequence > seen ? l : null;
                }

                var snapshot = latest ?? await next.WaitAsync(cancellationToken).ConfigureAwait(false);
                seen = snapshot.Sequence;
                yield return snapshot;
            }
        }
        finally
        {
            Detach();
            if (incidentId is not null && _watched.AddOrUpdate(incidentId, 0, (_, n) => n - 1) <= 0)
            {
                _watched.TryRemove(new KeyValuePair<string, int>(incidentId, 0));
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stopping.Dispose();
    }

    private static TaskCompletionSource<IncidentSnapshot> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Attach()
    {
        lock (_gate)
        {
            _listeners++;
            if (_loop is null)
            {
                _latest = null;
                _loop = Task.Run(() => PollAsync(_stopping.Token));
            }
        }
    }

    private void Detach()
    {
        lock (_gate)
        {
            _listeners--;
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        long sequence = 0;
        using var timer = new PeriodicTimer(_options.PollInterval, _time);
        do
        {
            lock (_gate)
            {
                if (_listeners <= 0)
                {
                    _loop = null;
                    return;
                }
            }

            try
            {
                var snapshot = await ReadAsync(++sequence, cancellationToken).ConfigureAwait(false);
                TaskCompletionSource<IncidentSnapshot> signal;
                lock (_gate)
                {
                    _latest = snapshot;
                    signal = _next;
                    _next = NewSignal();
                }

                signal.TrySetResult(snapshot);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The loop serves every live page of this node: a failed read is logged and retried at the next tick.
                LogPollFailed(ex.Message);
            }
        }
        while (await WaitAsync(timer, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<IncidentSnapshot> ReadAsync(long sequence, CancellationToken cancellationToken)
    {
        // Versions only: a page reloads itself when its incident's (or the board's) version changes, so no incident is loaded here.
        var open = await _store.ListVersionsAsync(IncidentQuery.Open with { Limit = _options.BoardLimit }, cancellationToken).ConfigureAwait(false);
        var versions = open.ToDictionary(i => i.Id, i => i.Version, StringComparer.OrdinalIgnoreCase);
        var others = _watched.Keys.Where(id => !versions.ContainsKey(id)).ToList();
        if (others.Count > 0)
        {
            foreach (var watched in await _store.GetVersionsAsync(others, cancellationToken).ConfigureAwait(false))
            {
                versions[watched.Id] = watched.Version;
            }
        }

        return new IncidentSnapshot(sequence, versions, Fingerprint(open));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard change feed could not read the store: {Reason}")]
    private partial void LogPollFailed(string reason);
}
