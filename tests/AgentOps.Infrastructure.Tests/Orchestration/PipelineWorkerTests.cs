using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration;
using AgentOps.Core.Orchestration.Pipeline;
using AgentOps.Infrastructure.Storage;

namespace AgentOps.Infrastructure.Tests.Orchestration;

public sealed class PipelineWorkerTests : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"agentops-pipeline-{Guid.NewGuid():N}");
    private readonly SqlIncidentStore _store;

    public PipelineWorkerTests()
    {
        _store = SqlIncidentStore.ForSqlite(Path.Combine(_directory, "agentops.db"));
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Worker_IncidentResolvedByAnOperatorMidInvestigation_CancelsItsWorkAndReleasesTheClaim()
    {
        // Arrange
        var hanging = new HangingAnalyst(TrackKind.Application);
        await using var node = new PipelineNode("node-a", _store, TimeSpan.FromMilliseconds(600), [hanging]);
        var incident = await PipelineNode.SaveIncidentAsync(_store, Priority.P1);
        await node.StartAsync();
        await hanging.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // Act: `pm` on any node or the API resolves it; this node sees it at its next lease renewal.
        await ResolveAsync(incident.Id, "customer confirms it works");
        var saved = await EventuallyAsync(incident.Id, i => i.Timeline.Any(e => e.Message.Contains("cancelled: the incident is Resolved", StringComparison.Ordinal)));
        var reclaimed = await EventuallyIdleAsync(node);

        // Assert
        Assert.Equal(IncidentState.Resolved, saved.State);
        Assert.DoesNotContain(PipelinePlanner.RecordedSteps(saved), k => k == "correlate");
        Assert.Equal(TrackState.Open, saved.Tracks.Single(t => t.Kind == TrackKind.Application).State);
        Assert.Empty(reclaimed);
    }

    [Fact]
    public async Task Worker_NewIncident_IsWorkedToCorrelationAndNotClaimedAgain()
    {
        // Arrange
        await using var node = new PipelineNode("node-a", _store, TimeSpan.FromSeconds(5));
        var incident = await PipelineNode.SaveIncidentAsync(_store, Priority.P2);

        // Act
        await node.StartAsync();
        var saved = await EventuallyAsync(incident.Id, i => PipelinePlanner.RecordedSteps(i).Contains("correlate"));
        var reclaimed = await EventuallyIdleAsync(node);

        // Assert
        Assert.NotNull(saved.RootCause);
        Assert.Single(saved.Communications, c => c.Kind == CommunicationKind.Acknowledgement);
        Assert.Empty(reclaimed);
    }

    [Fact]
    public async Task Worker_StoreFailsDuringAPass_ReleasesTheClaimWithARetryTimeThenFinishes()
    {
        // Arrange
        var flaky = new Scheduling.FlakyIncidentStore(_store, failures: 1);
        await using var node = new PipelineNode("node-a", _store, TimeSpan.FromSeconds(5), pipelineStore: flaky);
        var incident = await PipelineNode.SaveIncidentAsync(_store, Priority.P2);
        flaky.FailFindOf(incident.Id);

        // Act
        await node.StartAsync();
        var failure = await EventuallyClaimErrorAsync(incident.Id);
        var saved = await EventuallyAsync(incident.Id, i => PipelinePlanner.RecordedSteps(i).Contains("correlate"));

        // Assert
        Assert.Equal("store unreachable (simulated)", failure.Error);
        Assert.True(failure.RetryAt > failure.ObservedAt);
        Assert.NotNull(saved.RootCause);
    }

    private async Task<(string Error, DateTimeOffset RetryAt, DateTimeOffset ObservedAt)> EventuallyClaimErrorAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "agentops.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        while (DateTime.UtcNow < deadline)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT last_error, next_attempt_at FROM pipeline_claims WHERE incident_id = $id";
            command.Parameters.AddWithValue("$id", id);
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync() && !reader.IsDBNull(0))
            {
                return (reader.GetString(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero), TimeProvider.System.GetUtcNow());
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The failed pass was never recorded on the claim.");
    }

    /// <summary>Waits for the node to finish its passes, then asks the store whether anything is still due.</summary>
    private async Task<IReadOnlyList<string>> EventuallyIdleAsync(PipelineNode node)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (node.Worker.ActiveCount > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await node.StopAsync();
        return await _store.ClaimIncidentsAsync("probe", 10, TimeProvider.System.GetUtcNow().AddMinutes(1), TimeSpan.FromSeconds(1));
    }

    private async Task<Incident> EventuallyAsync(string id, Func<Incident, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var incident = (await _store.FindAsync(id))!;
            if (condition(incident))
            {
                return incident;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Not reached: {string.Join(" | ", incident.Timeline.TakeLast(5).Select(e => e.Message))}");
            await Task.Delay(50);
        }
    }

    /// <summary>Resolves as an operator command does: reload and re-apply when the pipeline saved meanwhile.</summary>
    private async Task ResolveAsync(string id, string reason)
    {
        while (true)
        {
            var current = (await _store.FindAsync(id))!;
            new IncidentStateMachine(current, TimeProvider.System).Fire(IncidentTrigger.ForceResolve, new TransitionContext("alice", "api", reason));
            try
            {
                await _store.SaveAsync(current);
                return;
            }
            catch (AgentOps.Core.Persistence.ConcurrencyException)
            {
            }
        }
    }
}
