using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Host.Cli;
using AgentOps.Host.Server;
using AgentOps.Host.Server.Security;
using AgentOps.Infrastructure.LocalServers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AgentOps.Host.Tests.Server;

/// <summary>
/// The real <c>serve</c> web application (<see cref="ServeCommand.Build"/>) on a free loopback port, over a private SQLite
/// file, with three API keys: <see cref="ReadKey"/>, <see cref="WriteKey"/> and <see cref="AdminKey"/>.
/// </summary>
internal sealed class ServerHost : IAsyncDisposable
{
    public const string ReadKey = "read-key-3c9a17";
    public const string WriteKey = "write-key-51be02";
    public const string AdminKey = "admin-key-a07d88";

    private readonly CliContext _context;
    private readonly string _directory;

    private ServerHost(CliContext context, string directory, WebApplication app, Uri baseAddress)
    {
        _context = context;
        _directory = directory;
        App = app;
        BaseAddress = baseAddress;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public IIncidentStore Store => App.Services.GetRequiredService<IIncidentStore>();

    public static async Task<ServerHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"agentops-serve-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var configuration = new Dictionary<string, string?>
        {
            ["Logging:File"] = string.Empty,
            ["Storage:SqlitePath"] = Path.Combine(directory, "data", "agentops.db"),
            ["Scheduling:SqlitePath"] = Path.Combine(directory, "data", "scheduler.db"),
            ["Pipeline:Enabled"] = "false", // these tests look at the API alone: no background pipeline changing the incidents
            ["Server:ApiKeys:0:Name"] = "reader",
            ["Server:ApiKeys:0:Hash"] = ApiKeyVerifier.Hash(ReadKey),
            ["Server:ApiKeys:0:Role"] = nameof(ApiRole.Read),
            ["Server:ApiKeys:1:Name"] = "writer",
            ["Server:ApiKeys:1:Hash"] = ApiKeyVerifier.Hash(WriteKey),
            ["Server:ApiKeys:1:Role"] = nameof(ApiRole.Write),
            ["Server:ApiKeys:2:Name"] = "admin",
            ["Server:ApiKeys:2:Hash"] = ApiKeyVerifier.Hash(AdminKey),
            ["Server:ApiKeys:2:Role"] = nameof(ApiRole.Admin),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var context = new CliContext(TextWriter.Null, TextWriter.Null, directory, configuration);
        var port = FreePort.Next();
        var app = ServeCommand.Build(context, $"http://127.0.0.1:{port}");
        await app.StartAsync();
        return new ServerHost(context, directory, app, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>A client sending <paramref name="key"/> in <c>X-Api-Key</c> (none when null).</summary>
    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(AgentOpsAuth.HeaderName, key);
        }

        return client;
    }

    /// <summary>Posts <paramref name="body"/> as JSON to <paramref name="path"/> with <paramref name="key"/>.</summary>
    public async Task<HttpResponseMessage> PostRawAsync(string path, string body, string? key = WriteKey)
    {
        using var client = Client(key);
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await client.PostAsync(path, content);
    }

    /// <summary>Every incident (with its whole timeline) and every outbox message, serialized: equal snapshots mean an unchanged store.</summary>
    public async Task<string> SnapshotAsync()
    {
        var incidents = await Store.ListAsync(new IncidentQuery { Limit = 100_000 });
        var outbox = await Store.ListOutboxAsync();
        return JsonSerializer.Serialize(new
        {
            incidents = incidents.Select(i => new { i.Id, i.Version, i.State, i.Priority, i.Title, i.EscalationLevel, Timeline = i.Timeline.ToList() }),
            outbox = outbox.Select(m => new { m.Id, m.Kind, m.Status, m.Attempts }),
        });
    }

    /// <summary>Saves a new incident built by <paramref name="shape"/>, with a store-allocated id.</summary>
    public async Task<Incident> AddIncidentAsync(string title, Priority priority, IncidentState state, Action<Incident>? shape = null)
    {
        var now = App.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var incident = new Incident { Id = await Store.NextIncidentIdAsync(now), Title = title, Priority = priority, State = state, CreatedAt = now };
        incident.Record(now, "test", "test", "created", $"Opened {title}");
        shape?.Invoke(incident);
        await Store.SaveAsync(incident);
        return incident;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await _context.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
