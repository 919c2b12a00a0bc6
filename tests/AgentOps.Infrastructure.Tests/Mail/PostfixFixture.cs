using AgentOps.Infrastructure.LocalServers;

namespace AgentOps.Infrastructure.Tests.Mail;

/// <summary>One real Postfix on loopback shared by the tests of a class.</summary>
public sealed class PostfixFixture : IAsyncLifetime
{
    private PostfixServer? _server;

    public PostfixServer Server => _server ?? throw new InvalidOperationException("Postfix not started.");

    public async Task InitializeAsync() => _server = await PostfixServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
