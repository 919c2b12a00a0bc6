using AgentOps.Host.Tests.Cli;
using AgentOps.Infrastructure.LocalServers;

namespace AgentOps.Host.Tests.Server;

public sealed class ServeStartupTests
{
    [Fact]
    public async Task Serve_BadApiKeyHash_StopsWithAMessageNamingTheKey()
    {
        // Arrange
        using var cli = new CliRun();
        cli.Settings["Server:ApiKeys:0:Name"] = "grafana";
        cli.Settings["Server:ApiKeys:0:Hash"] = "not-a-hash";

        // Act
        var (code, _, error) = await cli.RunAsync("serve", "--urls", $"http://127.0.0.1:{FreePort.Next()}");

        // Assert
        Assert.Equal(2, code);
        Assert.Contains("Server:ApiKeys:0", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_NonLoopbackUrlWithoutAllowRemote_StopsWithAMessage()
    {
        // Arrange
        using var cli = new CliRun();

        // Act
        var (code, _, error) = await cli.RunAsync("serve", "--urls", "http://0.0.0.0:5999");

        // Assert
        Assert.Equal(2, code);
        Assert.Contains("Server:AllowRemote", error, StringComparison.Ordinal);
    }
}
