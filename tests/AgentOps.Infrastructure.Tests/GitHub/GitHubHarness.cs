using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.GitHub;
using AgentOps.Infrastructure.Tests.Fakes;
using AgentOps.Infrastructure.Tests.GitHub.Simulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentOps.Infrastructure.Tests.GitHub;

/// <summary>The GitHub services wired by <see cref="GitHubServiceCollectionExtensions.AddAgentOpsGitHub"/> against a simulator and an in-memory store.</summary>
internal sealed class GitHubHarness : IAsyncDisposable
{
    public const string WebhookSecret = "It's a Secret to Everybody";

    private GitHubHarness(GitHubSimulator simulator, InMemoryIncidentStore store, ServiceProvider services)
    {
        Simulator = simulator;
        Store = store;
        Services = services;
    }

    public GitHubSimulator Simulator { get; }

    public InMemoryIncidentStore Store { get; }

    public ServiceProvider Services { get; }

    public GitHubSyncService Sync => Services.GetRequiredService<GitHubSyncService>();

    public GitHubWebhookHandler Webhooks => Services.GetRequiredService<GitHubWebhookHandler>();

    public GitHubPollService Poller => Services.GetRequiredService<GitHubPollService>();

    public static async Task<GitHubHarness> StartAsync(Action<Dictionary<string, string?>>? configure = null, Action<GitHubSimulator>? prepare = null)
    {
        var simulator = await GitHubSimulator.StartAsync();
        prepare?.Invoke(simulator);
        var settings = new Dictionary<string, string?>
        {
            ["GitHub:Owner"] = GitHubSimulator.Owner,
            ["GitHub:Repo"] = GitHubSimulator.Repo,
            ["GitHub:Token"] = simulator.Token,
            ["GitHub:BaseUrl"] = simulator.BaseUrl.ToString(),
            ["GitHub:WebhookSecret"] = WebhookSecret,
            ["GitHub:MaxRetries"] = "8",
            ["GitHub:RetryBaseDelay"] = "00:00:00.010",
            ["GitHub:RequestTimeout"] = "00:00:05",
        };
        configure?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var store = new InMemoryIncidentStore(TimeProvider.System);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IIncidentStore>(store)
            .AddAgentOpsGitHub(configuration)
            .BuildServiceProvider();
        return new GitHubHarness(simulator, store, services);
    }

    /// <summary>Saves an incident with a brief, a plan and <paramref name="tracks"/> tracks.</summary>
    public async Task<Incident> NewIncidentAsync(int tracks = 3, Customer? customer = null)
    {
        var now = TimeProvider.System.GetUtcNow();
        var id = await Store.NextIncidentIdAsync(now);
        var kinds = Enum.GetValues<TrackKind>();
        var incident = new Incident
        {
            Id = id,
            Title = "Timeouts à la connexion",
            CreatedAt = now,
            Priority = Priority.P2,
            State = IncidentState.Investigating,
            Customer = customer,
            Brief = new InvestigationBrief("auth-timeout-investigation", "Find why logins time out since 09:00 and fix it.")
            {
                Symptoms = ["HTTP 504 on /login", "p95 latency 12 s"],
                Hypotheses = ["Missing index on sessions", "Redis pool exhausted"],
                ResolutionCriteria = ["p95 below 500 ms for one hour"],
            },
            Plan = new InvestigationPlan
            {
                Components = [new PlanComponent(TrackKind.Database, "PostgreSQL sessions table"), new PlanComponent(TrackKind.Cache, "Redis session cache")],
                Steps = ["Check slow queries", "Check cache pool", "Correlate with the 09:00 deploy"],
            },
        };
        for (var i = 1; i <= tracks; i++)
        {
            incident.Tracks.Add(new Track { Number = i, Kind = kinds[(i - 1) % kinds.Length], Title = $"Check layer {i}", DependsOn = i > 1 && i % 3 == 0 ? [1] : [] });
        }

        await Store.SaveAsync(incident);
        return incident;
    }

    /// <summary>
    /// Runs epic-sync until it succeeds (at most <paramref name="maxRounds"/> times), making a failed sync's queued
    /// message due at once instead of after its backoff, as a patient operator re-running the command would.
    /// </summary>
    /// <returns>The report of the successful sync (or <see langword="null"/>) and the number of rounds run.</returns>
    public async Task<(GitHubSyncReport? Report, int Rounds)> SyncUntilConvergedAsync(string incidentId, int maxRounds = 10)
    {
        for (var round = 1; round <= maxRounds; round++)
        {
            try
            {
                return (await Sync.EpicSyncAsync(incidentId), round);
            }
            catch (GitHubException)
            {
                foreach (var message in await Store.ListOutboxAsync(incidentId))
                {
                    await Store.FailOutboxAsync(message.Id, "retry now", DateTimeOffset.MinValue, false);
                }
            }
        }

        return (null, maxRounds);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
