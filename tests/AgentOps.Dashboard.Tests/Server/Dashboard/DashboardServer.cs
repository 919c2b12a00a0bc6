using System.Net;
using AgentOps.Core.Communication;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Host.Cli;
using AgentOps.Host.Hosting;
using AgentOps.Host.Server;
using AgentOps.Infrastructure.LocalServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentOps.Dashboard.Tests.Server.Dashboard;

/// <summary>
/// The real <c>agentops serve</c> on a free loopback port over a private SQLite store in a temporary folder, seeded
/// with incidents through a second host on the same store (as another node or the CLI would write them).
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    public const string ApiKey = "dashboard-test-key-4c2e";

    /// <summary>A key with the read role only: it may log in and look, not approve.</summary>
    public const string ReadOnlyKey = "dashboard-viewer-key-81d0";

    private CancellationTokenSource _stop = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private Task<int>? _server;
    private IHost? _node;

    private DashboardServer(Dictionary<string, string?> settings, string workingDirectory, Uri baseAddress)
    {
        Settings = settings;
        WorkingDirectory = workingDirectory;
        BaseAddress = baseAddress;
    }

    public string WorkingDirectory { get; }

    public Uri BaseAddress { get; }

    public Dictionary<string, string?> Settings { get; }

    /// <summary>The store as seen by a second node (not the server's own instance).</summary>
    public IIncidentStore Store => _node!.Services.GetRequiredService<IIncidentStore>();

    public DashboardSeed Seed { get; private set; } = null!;

    /// <summary>Seeds the store, then starts the server and waits until it listens.</summary>
    public static async Task<DashboardServer> StartAsync(bool allowAnonymousRead = false, string? secondApiKey = null)
    {
        var workingDirectory = Path.Combine(Path.GetTempPath(), $"agentops-dash-{Guid.NewGuid():N}");
        Directory.CreateDirectory(workingDirectory);
        var port = FreePort.Next();
        var settings = new Dictionary<string, string?>
        {
            ["Logging:File"] = string.Empty,
            ["Storage:SqlitePath"] = Path.Combine(workingDirectory, "data", "agentops.db"),
            ["Scheduling:SqlitePath"] = Path.Combine(workingDirectory, "data", "scheduler.db"),
            ["Pipeline:Enabled"] = "false", // the pages are tested on the incidents as seeded: no background pipeline
            ["Server:ApiKeyHashes:0"] = ApiKeyVerifier.Hash(ApiKey),
            ["Server:ApiKeys:0:Name"] = "viewer",
            ["Server:ApiKeys:0:Hash"] = ApiKeyVerifier.Hash(ReadOnlyKey),
            ["Server:ApiKeys:0:Role"] = "Read",
            ["Server:AllowAnonymousRead"] = allowAnonymousRead ? "true" : "false",
            ["Dashboard:PollInterval"] = "00:00:00.250",
            ["GitHub:Owner"] = "acme",
            ["GitHub:Repo"] = "payments",
            ["GitHub:BaseUrl"] = "http://127.0.0.1:9/",
            ["GitHub:PollInterval"] = "01:00:00",
        };
        if (secondApiKey is not null)
        {
            settings["Server:ApiKeyHashes:1"] = ApiKeyVerifier.Hash(secondApiKey);
        }

        var server = new DashboardServer(settings, workingDirectory, new Uri($"http://127.0.0.1:{port}"));
        server._node = AgentOpsServices.Build(AgentOpsConfiguration.Build(workingDirectory, settings), workingDirectory);
        server.Seed = await DashboardSeed.WriteAsync(server.Store, server._node.Services.GetRequiredService<CommunicationService>());
        await server.ServeAsync();
        return server;
    }

    /// <summary>Stops the server and starts it again on the same port and store with only <paramref name="apiKeys"/> configured.</summary>
    public async Task RestartAsync(params string[] apiKeys)
    {
        await _stop.CancelAsync();
        await _server!;
        _stop = new CancellationTokenSource();
        foreach (var key in Settings.Keys.Where(k => k.StartsWith("Server:ApiKeyHashes:", StringComparison.Ordinal)).ToList())
        {
            Settings.Remove(key);
        }

        for (var i = 0; i < apiKeys.Length; i++)
        {
            Settings[$"Server:ApiKeyHashes:{i}"] = ApiKeyVerifier.Hash(apiKeys[i]);
        }

        await ServeAsync();
    }

    private async Task ServeAsync()
    {
        _server = AgentOpsCli.RunAsync(["serve", "--urls", BaseAddress.ToString()], _output, _error, Settings, WorkingDirectory, _stop.Token);
        var listening = FreePort.WaitForListenerAsync(BaseAddress.Port, TimeSpan.FromSeconds(30));
        if (await Task.WhenAny(listening, _server) == _server)
        {
            throw new InvalidOperationException($"serve exited with {await _server}: {_error}");
        }

        await listening;
    }

    /// <summary>An HTTP client that does not follow redirects and keeps cookies.</summary>
    public HttpClient CreateClient(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true }) { BaseAddress = BaseAddress };

    /// <summary>Loads, changes and saves an incident through the second node's store.</summary>
    public async Task<Incident> ChangeAsync(string incidentId, Action<Incident> change)
    {
        var incident = (await Store.FindAsync(incidentId))!;
        change(incident);
        await Store.SaveAsync(incident);
        return incident;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_server is not null)
        {
            await _server;
        }

        if (_node is not null)
        {
            await ((IAsyncDisposable)_node).DisposeAsync();
        }

        _stop.Dispose();
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a stopping thread: the temporary folder is left for the system to clean.
        }
    }
}
