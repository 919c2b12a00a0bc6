using AgentOps.Infrastructure.LocalServers;

namespace AgentOps.Infrastructure.Tests.Storage;

/// <summary>One throwaway PostgreSQL server for the storage tests; each test gets a database of its own.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;
    private int _databases;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL server is not started.");

    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"store_{Interlocked.Increment(ref _databases)}";
        return await Server.CreateDatabaseAsync(name);
    }

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
