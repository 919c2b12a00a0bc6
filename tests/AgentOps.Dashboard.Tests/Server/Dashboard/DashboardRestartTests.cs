using System.Net;

namespace AgentOps.Dashboard.Tests.Server.Dashboard;

/// <summary>Logins across a restart: the Data Protection keys persist under the data folder, and removing a key ends its logins.</summary>
public sealed class DashboardRestartTests : IAsyncLifetime
{
    private const string RevokedKey = "dashboard-revoked-key-91b0";
    private DashboardServer _server = null!;

    public async Task InitializeAsync() => _server = await DashboardServer.StartAsync(secondApiKey: RevokedKey);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Restart_KeyStillConfigured_KeepsTheLoginAndKeyRemoved_EndsIt()
    {
        // Arrange
        using var kept = new DashboardSession(_server);
        using var revoked = new DashboardSession(_server);
        await kept.LoginAsync(DashboardServer.ApiKey);
        await revoked.LoginAsync(RevokedKey);
        var revokedBefore = await revoked.Http.GetAsync("/");

        // Act
        await _server.RestartAsync(DashboardServer.ApiKey);
        var keptAfter = await kept.Http.GetAsync("/");
        var revokedAfter = await revoked.Http.GetAsync("/");

        // Assert
        Assert.Equal(HttpStatusCode.OK, revokedBefore.StatusCode);
        Assert.Equal(HttpStatusCode.OK, keptAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, revokedAfter.StatusCode);
        Assert.Contains("/login", revokedAfter.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
