namespace AgentOps.Dashboard.Tests.Server.Dashboard;

/// <summary>One seeded server with <c>Server:AllowAnonymousRead</c> shared by a test class.</summary>
public sealed class AnonymousReadServerFixture : IAsyncLifetime
{
    public DashboardServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await DashboardServer.StartAsync(allowAnonymousRead: true);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
