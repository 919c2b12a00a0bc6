using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration;
using AgentOps.Core.Orchestration.Pipeline;
using AgentOps.Infrastructure.LocalServers;
using AgentOps.Infrastructure.Storage;
using Npgsql;

namespace AgentOps.Host.Tests.Server;

/// <summary>
/// Two <c>agentops serve</c> processes on one PostgreSQL: the node working incidents is killed with SIGKILL in the middle
/// of their investigation (its Prometheus never answers), and the other node takes them over once the lease has run out.
/// </summary>
public sealed class ServeNodesKillTests : IAsyncLifetime
{
    private readonly List<string> _folders = [];
    private readonly List<Socket> _stalled = [];
    private PostgresServer? _postgres;
    private TcpListener? _blackHole;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        _blackHole = new TcpListener(IPAddress.Loopback, 0);
        _blackHole.Start();
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var socket = await _blackHole.AcceptSocketAsync();
                    lock (_stalled)
                    {
                        _stalled.Add(socket);
                    }
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        });
    }

    public async Task DisposeAsync()
    {
        _blackHole?.Stop();
        lock (_stalled)
        {
            _stalled.ForEach(s => s.Dispose());
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        foreach (var folder in _folders)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Fact]
    public async Task Serve_NodeKilledMidInvestigation_OtherNodeFinishesItsIncidentsOnceAfterTheLease()
    {
        // Arrange
        var connectionString = await _postgres!.CreateDatabaseAsync("pipeline_nodes");
        await using var store = SqlIncidentStore.ForPostgres(connectionString);
        var incidents = new List<Incident>();
        for (var i = 0; i < 3; i++)
        {
            incidents.Add(await SaveIncidentAsync(store));
        }

        using var nodeA = StartServe("node-a", connectionString);
        Assert.True(await EventuallyAsync(async () => Stalled > 0 && await ClaimsHeldAsync(connectionString, "node-a") > 0, TimeSpan.FromSeconds(40)), "node-a never got stuck in an investigation");

        // Act
        nodeA.Kill(entireProcessTree: true);
        await nodeA.WaitForExitAsync();
        var killedAt = TimeProvider.System.GetUtcNow();
        var heldAfterKill = await ClaimsHeldAsync(connectionString, "node-a");
        using var nodeB = StartServe("node-b", connectionString);
        List<Incident> done = [];
        var finished = await EventuallyAsync(async () =>
        {
            done = [.. await Task.WhenAll(incidents.Select(async i => (await store.FindAsync(i.Id))!))];
            return done.All(i => PipelinePlanner.RecordedSteps(i).Contains("correlate"));
        }, TimeSpan.FromSeconds(60));
        nodeB.Kill(entireProcessTree: true);
        await nodeB.WaitForExitAsync();

        // Assert
        Assert.True(finished, $"not finished: {string.Join(", ", done.Select(i => $"{i.Id} [{string.Join(' ', PipelinePlanner.RecordedSteps(i))}]"))}");
        Assert.True(heldAfterKill > 0);
        foreach (var incident in done)
        {
            var steps = incident.Timeline.Where(e => e.Kind == PipelinePlanner.StepEventKind && e.Data.ContainsKey(PipelinePlanner.StepKey)).ToList();
            Assert.Equal(steps.Select(e => e.Data[PipelinePlanner.StepKey]).Distinct().Count(), steps.Count);
            Assert.All(steps.Where(e => e.At > killedAt), e => Assert.Equal("node-b", e.Data["node"]));
            var monitoring = incident.Tracks.Single(t => t.Kind == TrackKind.Monitoring);
            var monitored = steps.SingleOrDefault(e => e.Data[PipelinePlanner.StepKey] == $"track-{monitoring.Number}");
            if (monitored is not null && monitored.Data["node"] == "node-b")
            {
                Assert.True(monitored.At >= killedAt + TimeSpan.FromSeconds(1.5), "taken over before the lease ran out");
            }
        }

        Assert.Contains(done.SelectMany(i => i.Timeline), e => e.Data.GetValueOrDefault("node") == "node-b" && e.Data.GetValueOrDefault(PipelinePlanner.StepKey)?.StartsWith("track-", StringComparison.Ordinal) == true);
    }

    private int Stalled
    {
        get
        {
            lock (_stalled)
            {
                return _stalled.Count;
            }
        }
    }

    private Process StartServe(string node, string connectionString)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"agentops-{node}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        _folders.Add(folder);
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "agentops.dll"));
        psi.ArgumentList.Add("serve");
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{FreePort.Next()}");
        var settings = new Dictionary<string, string>
        {
            ["Logging:File"] = string.Empty,
            ["Storage:Provider"] = "postgres",
            ["Storage:PostgresConnectionString"] = connectionString,
            ["Pipeline:NodeId"] = node,
            ["Pipeline:LeaseDuration"] = "00:00:03",
            ["Pipeline:PollInterval"] = "00:00:00.200",
            ["Diagnostics:TrackTimeBudget"] = "00:00:04",
            ["Tools:Prometheus:Url"] = $"http://127.0.0.1:{((IPEndPoint)_blackHole!.LocalEndpoint).Port}",
            ["Tools:Prometheus:TimeoutSeconds"] = "60",
        };
        foreach (var (key, value) in settings)
        {
            psi.Environment[$"AGENTOPS__{key.Replace(":", "__", StringComparison.Ordinal)}"] = value;
        }

        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<Incident> SaveIncidentAsync(SqlIncidentStore store)
    {
        var now = TimeProvider.System.GetUtcNow();
        var incident = new Incident
        {
            Id = await store.NextIncidentIdAsync(now),
            Title = "Paiements bloqués: erreur 500 et latence",
            Priority = Priority.P1,
            CreatedAt = now,
            Customer = new Customer("Jean Martin", "support@client-existant.fr", "client-existant.fr", "enterprise", "fr"),
        };
        new IncidentStateMachine(incident, TimeProvider.System).Fire(IncidentTrigger.Triage, new TransitionContext("triage", "email"));
        await store.SaveAsync(incident);
        return incident;
    }

    private static async Task<long> ClaimsHeldAsync(string connectionString, string owner)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pipeline_claims WHERE owner = @owner", connection);
        command.Parameters.AddWithValue("owner", owner);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (PostgresException)
            {
                // The schema is created by the first node to start.
            }

            await Task.Delay(100);
        }

        return false;
    }
}
