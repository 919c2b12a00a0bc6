namespace AgentOps.Dashboard.Tests.Server.Dashboard;

/// <summary>One seeded server (login required) shared by a test class.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public DashboardServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await DashboardServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
