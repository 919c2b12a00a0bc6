using System.Net;
using System.Net.Http.Json;

namespace AgentOps.Host.Tests.Server.Security;

public sealed class AnonymousReadTests : IAsyncLifetime
{
    private ServerHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await ServerHost.StartAsync(new Dictionary<string, string?> { ["Server:AllowAnonymousRead"] = "true" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Get_WithoutKey_IsAllowed()
    {
        // Arrange
        using var http = _host.Client();

        // Act
        var response = await http.GetAsync("/api/v1/incidents");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_WithABadKey_IsStill401()
    {
        // Arrange
        using var http = _host.Client("guessed");

        // Act
        var response = await http.GetAsync("/api/v1/incidents");

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PostWriteCommand_WithoutKey_Is401()
    {
        // Arrange
        using var http = _host.Client();

        // Act
        var response = await http.PostAsJsonAsync("/api/v1/commands", new { text = "/pm:incident-new Disk full" });

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await _host.Store.ListAsync(new Core.Persistence.IncidentQuery()));
    }
}
