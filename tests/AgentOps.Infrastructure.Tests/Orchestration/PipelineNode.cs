using AgentOps.Core.Communication;
using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration;
using AgentOps.Core.Orchestration.Dispatch;
using AgentOps.Core.Orchestration.Pipeline;
using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.Ai;
using AgentOps.Infrastructure.Diagnostics;
using AgentOps.Infrastructure.Orchestration;
using AgentOps.Infrastructure.Storage;
using AgentOps.Infrastructure.Tests.Fakes;
using AgentOps.Infrastructure.Tools;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Tests.Orchestration;

/// <summary>One pipeline node as <c>serve</c> wires it (real store, dispatcher, offline analysts, communication), on its own connection pool.</summary>
internal sealed class PipelineNode : IAsyncDisposable
{
    private readonly HttpClient _http = new();
    private bool _stopped = true;

    /// <param name="name">Node id.</param>
    /// <param name="store">The store the node claims in (and works in, unless <paramref name="pipelineStore"/> is given).</param>
    /// <param name="lease">Claim lease.</param>
    /// <param name="extraAnalysts">Analysts that replace the offline playbook of their kind.</param>
    /// <param name="pipelineStore">The store the pipeline reads and saves incidents in, e.g. one that fails on purpose.</param>
    public PipelineNode(string name, SqlIncidentStore store, TimeSpan lease, IEnumerable<ITrackAnalyst>? extraAnalysts = null, IIncidentStore? pipelineStore = null)
    {
        var work = pipelineStore ?? store;
        Store = store;
        Options = new PipelineOptions
        {
            NodeId = name,
            LeaseDuration = lease,
            PollInterval = TimeSpan.FromMilliseconds(100),
            StepRetryInitialDelay = TimeSpan.FromMilliseconds(10),
            StepRetryMaxDelay = TimeSpan.FromMilliseconds(50),
            FailedPassRetryDelay = TimeSpan.FromSeconds(1),
        };
        Dispatcher = new WorkDispatcher(new DispatcherOptions(), TimeProvider.System);
        var runner = new InvestigationRunner(OfflinePlaybooks.All().Concat(extraAnalysts ?? []), new RootCauseCorrelator(), TimeProvider.System);
        var communications = new CommunicationService(
            work,
            new SemanticKernelCommunicationDrafter(Kernel.CreateBuilder().Build(), CommsTestContext.PromptsFolder),
            new DraftChecker(),
            new CommunicationOptions { From = "support@agence.fr", DefaultLanguage = "fr" },
            TimeProvider.System);
        var tools = new KernelToolInvoker(new DiagnosticsKernelFactory(_http, TimeProvider.System).Create(new ToolsOptions()));
        Pipeline = new IncidentPipeline(work, Dispatcher, runner, communications, tools, new InvestigationOptions(), Options, TimeProvider.System);
        Worker = new PipelineWorker(store, Pipeline, Dispatcher, Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System, NullLogger<PipelineWorker>.Instance);
    }

    public string Name => Options.NodeId!;

    public PipelineOptions Options { get; }

    public SqlIncidentStore Store { get; }

    public WorkDispatcher Dispatcher { get; }

    public IncidentPipeline Pipeline { get; }

    public PipelineWorker Worker { get; }

    /// <summary>A triaged incident about failing payments (application, database and network tracks), saved in <paramref name="store"/>.</summary>
    public static async Task<Incident> SaveIncidentAsync(IIncidentStore store, Priority priority, string title = "Paiements bloqués: erreur 500 et timeout de la base")
    {
        var now = TimeProvider.System.GetUtcNow();
        var incident = new Incident
        {
            Id = await store.NextIncidentIdAsync(now),
            Title = title,
            Priority = priority,
            CreatedAt = now,
            Customer = new Customer("Jean Martin", "support@client-existant.fr", "client-existant.fr", "enterprise", "fr"),
        };
        new IncidentStateMachine(incident, TimeProvider.System).Fire(IncidentTrigger.Triage, new TransitionContext("triage", "email"));
        await store.SaveAsync(incident);
        return incident;
    }

    public Task StartAsync()
    {
        _stopped = false;
        return Worker.StartAsync(CancellationToken.None);
    }

    /// <summary>Stops the node the way a crash leaves the store: work cancelled, claims not released, no half-done save.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await Worker.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Worker.Dispose();
        await Dispatcher.DisposeAsync();
        _http.Dispose();
    }
}
