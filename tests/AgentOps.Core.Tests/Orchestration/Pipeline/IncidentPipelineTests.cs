using AgentOps.Core.Communication;
using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration;
using AgentOps.Core.Orchestration.Dispatch;
using AgentOps.Core.Orchestration.Pipeline;
using AgentOps.Core.Tests.Fakes;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace AgentOps.Core.Tests.Orchestration.Pipeline;

public sealed class IncidentPipelineTests : IAsyncDisposable
{
    private readonly OrchestrationInMemoryIncidentStore _store = new();
    private readonly WorkDispatcher _dispatcher = new(new DispatcherOptions(), TimeProvider.System);
    private readonly ICommunicationDrafter _drafter = Substitute.For<ICommunicationDrafter>();
    private readonly IToolInvoker _tools = Substitute.For<IToolInvoker>();
    private readonly PipelineOptions _options = new() { StepRetryInitialDelay = TimeSpan.FromMilliseconds(1), StepRetryMaxDelay = TimeSpan.FromMilliseconds(4) };

    public IncidentPipelineTests()
    {
        _drafter.DraftAsync(Arg.Any<CommunicationFacts>(), Arg.Any<CancellationToken>())
            .Returns(new CommunicationDraft("Bonjour,\n\nNous avons bien reçu votre signalement.\n\nCordialement", "test"));
    }

    public ValueTask DisposeAsync() => _dispatcher.DisposeAsync();

    [Fact]
    public async Task RunAsync_TriagedIncident_PlansInvestigatesEveryTrackAndCorrelatesEachOnce()
    {
        // Arrange
        var incident = await SaveAsync(Priority.P2);

        // Act
        var result = await Pipeline().RunAsync(incident.Id, "node-1", CancellationToken.None);

        // Assert
        var saved = (await _store.FindAsync(incident.Id))!;
        Assert.Equal(IncidentState.Investigating, saved.State);
        Assert.Equal(saved.Version, result.Version);
        Assert.Equal(0, result.StepsFailed);
        Assert.NotEmpty(saved.Tracks);
        Assert.All(saved.Tracks.Where(t => t.Kind != TrackKind.Fix), t => Assert.NotEqual(TrackState.Open, t.State));
        Assert.NotNull(saved.RootCause);
        var steps = saved.Timeline.Where(e => e.Kind == PipelinePlanner.StepEventKind).Select(e => e.Data[PipelinePlanner.StepKey]).ToList();
        Assert.Equal(steps.Distinct().Count(), steps.Count);
        Assert.Contains("correlate", steps);
        Assert.Empty(PipelinePlanner.NextSteps(saved));
    }

    [Fact]
    public async Task RunAsync_AcknowledgementKeepsThrowing_IsRetriedThenRecordedOnTheTimelineAndTheRestGoesOn()
    {
        // Arrange
        _drafter.DraftAsync(Arg.Any<CommunicationFacts>(), Arg.Any<CancellationToken>()).ThrowsAsync(new HttpRequestException("model unreachable"));
        var incident = await SaveAsync(Priority.P2);

        // Act
        var result = await Pipeline().RunAsync(incident.Id, "node-1", CancellationToken.None);

        // Assert
        var saved = (await _store.FindAsync(incident.Id))!;
        Assert.Equal(1, result.StepsFailed);
        var failure = Assert.Single(saved.Timeline, e => e.Kind == PipelinePlanner.FailedEventKind);
        Assert.Equal("acknowledge", failure.Data[PipelinePlanner.StepKey]);
        Assert.Equal("3", failure.Data["attempts"]);
        Assert.Contains("model unreachable", failure.Message, StringComparison.Ordinal);
        await _drafter.Received(3).DraftAsync(Arg.Any<CommunicationFacts>(), Arg.Any<CancellationToken>());
        Assert.Contains(saved.Timeline, e => e.Kind == PipelinePlanner.StepEventKind && e.Data[PipelinePlanner.StepKey] == "correlate");
    }

    [Fact]
    public async Task RunAsync_IncidentResolvedWhileATrackRuns_CancelsTheWorkAndSaysSoOnTheTimeline()
    {
        // Arrange
        var hanging = new HangingAnalyst(TrackKind.Application);
        var incident = await SaveAsync(Priority.P1);
        var pass = Pipeline(hanging).RunAsync(incident.Id, "node-1", CancellationToken.None);
        await hanging.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Act
        await ResolveAsync(incident.Id, "fixed by hand");
        var cancelled = _dispatcher.CancelIncident(incident.Id);
        var result = await pass.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        var saved = (await _store.FindAsync(incident.Id))!;
        Assert.True(cancelled >= 1);
        Assert.True(result.StepsCancelled >= 1);
        Assert.Equal(IncidentState.Resolved, result.State);
        Assert.Contains(saved.Timeline, e => e.Kind == PipelinePlanner.StepEventKind && e.Message.Contains("cancelled: the incident is Resolved", StringComparison.Ordinal));
        Assert.DoesNotContain(saved.Timeline, e => e.Kind == PipelinePlanner.StepEventKind && e.Data.GetValueOrDefault(PipelinePlanner.StepKey) == "correlate");
        Assert.Equal(TrackState.Open, saved.Tracks.Single(t => t.Kind == TrackKind.Application).State);
    }

    private IncidentPipeline Pipeline(params ITrackAnalyst[] analysts) => new(
        _store,
        _dispatcher,
        new InvestigationRunner([new DatabasePlaybook(), new CachePlaybook(), new NetworkPlaybook(), new MonitoringPlaybook(), new ApplicationPlaybook(), .. analysts], new RootCauseCorrelator(), TimeProvider.System),
        new CommunicationService(_store, _drafter, new DraftChecker(), new CommunicationOptions { From = "support@agence.fr" }, TimeProvider.System),
        _tools,
        new InvestigationOptions(),
        _options,
        TimeProvider.System);

    private async Task<Incident> SaveAsync(Priority priority)
    {
        var now = TimeProvider.System.GetUtcNow();
        var incident = new Incident
        {
            Id = await _store.NextIncidentIdAsync(now),
            Title = "Paiements bloqués: erreur 500 et timeout de la base",
            Priority = priority,
            CreatedAt = now,
            Customer = new Customer("Jean Martin", "support@client-existant.fr", "client-existant.fr", "enterprise", "fr"),
        };
        new IncidentStateMachine(incident, TimeProvider.System).Fire(IncidentTrigger.Triage, new TransitionContext("triage", "email"));
        await _store.SaveAsync(incident);
        return incident;
    }

    /// <summary>Resolves as an operator command does: reload and re-apply when the pipeline saved meanwhile.</summary>
    private async Task ResolveAsync(string id, string reason)
    {
        while (true)
        {
            var current = (await _store.FindAsync(id))!;
            new IncidentStateMachine(current, TimeProvider.System).Fire(IncidentTrigger.ForceResolve, new TransitionContext("alice", "cli", reason));
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

    /// <summary>An analyst that never answers until cancelled.</summary>
    private sealed class HangingAnalyst(TrackKind kind) : ITrackAnalyst
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TrackKind Kind => kind;

        public async Task<IReadOnlyList<Finding>> AnalyzeAsync(TrackContext context, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        }
    }
}
