using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Host.Server.Dashboard;
using AgentOps.Infrastructure.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AgentOps.Dashboard.Tests.Server.Dashboard;

/// <summary>The change feed over a real SQLite store, ticking on a fake clock.</summary>
public sealed class IncidentChangeFeedTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"agentops-feed-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider _time = new(Start);
    private SqlIncidentStore _store = null!;
    private IncidentChangeFeed _feed = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _store = SqlIncidentStore.ForSqlite(Path.Combine(_folder, "agentops.db"), _time);
        await _store.InitializeAsync();
        _feed = new IncidentChangeFeed(_store, _time, Microsoft.Extensions.Options.Options.Create(new DashboardOptions { PollInterval = TimeSpan.FromSeconds(1) }), NullLogger<IncidentChangeFeed>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _feed.DisposeAsync();
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ListenAsync_IncidentSavedByAnotherWriter_NextSnapshotHasItsNewVersionAndFingerprint()
    {
        // Arrange
        var incident = await AddAsync("Paiements bloqués", IncidentState.Investigating);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var snapshots = _feed.ListenAsync(null, cancel.Token).GetAsyncEnumerator(cancel.Token);

        // Act
        Assert.True(await snapshots.MoveNextAsync());
        var first = snapshots.Current;
        incident.Title = "Paiements bloqués (clé expirée)";
        await _store.SaveAsync(incident);
        var next = snapshots.MoveNextAsync().AsTask();
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await next);
        var second = snapshots.Current;

        // Assert
        Assert.Equal(1, first.Versions[incident.Id]);
        Assert.Equal(2, second.Versions[incident.Id]);
        Assert.NotEqual(first.BoardFingerprint, second.BoardFingerprint);
        Assert.Equal(IncidentChangeFeed.Fingerprint([new IncidentVersion(incident.Id, incident.Version)]), second.BoardFingerprint);
    }

    [Fact]
    public async Task ListenAsync_WatchedIncidentNotOpen_IsStillReported()
    {
        // Arrange
        var closed = await AddAsync("Export CSV", IncidentState.Closed);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var snapshots = _feed.ListenAsync(closed.Id, cancel.Token).GetAsyncEnumerator(cancel.Token);

        // Act
        Assert.True(await snapshots.MoveNextAsync());
        var snapshot = snapshots.Current;

        // Assert
        Assert.Equal(1, snapshot.Versions[closed.Id]);
        Assert.Equal(IncidentChangeFeed.Fingerprint([]), snapshot.BoardFingerprint);
    }

    [Fact]
    public async Task ListenAsync_TwoListeners_ShareOnePollPerTick()
    {
        // Arrange
        await AddAsync("Latence API", IncidentState.New);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var a = _feed.ListenAsync(null, cancel.Token).GetAsyncEnumerator(cancel.Token);
        await using var b = _feed.ListenAsync(null, cancel.Token).GetAsyncEnumerator(cancel.Token);

        // Act
        Assert.True(await a.MoveNextAsync());
        Assert.True(await b.MoveNextAsync());

        // Assert
        Assert.Same(a.Current, b.Current);
    }

    private async Task<Incident> AddAsync(string title, IncidentState state)
    {
        var incident = new Incident { Id = await _store.NextIncidentIdAsync(Start), Title = title, State = state, CreatedAt = Start };
        await _store.SaveAsync(incident);
        return incident;
    }
}
