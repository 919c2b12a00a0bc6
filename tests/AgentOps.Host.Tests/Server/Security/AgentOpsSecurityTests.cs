using AgentOps.Host.Hosting;
using AgentOps.Host.Server;
using AgentOps.Host.Server.Security;

namespace AgentOps.Host.Tests.Server.Security;

public sealed class AgentOpsSecurityTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    [InlineData("http://127.0.0.1:5080;http://[::1]:5081")]
    public void EnsureLoopback_LoopbackAddresses_AreAccepted(string urls)
    {
        // Act
        var error = Record.Exception(() => AgentOpsSecurity.EnsureLoopback(urls, new ServerOptions()));

        // Assert
        Assert.Null(error);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://192.168.1.10:5080")]
    [InlineData("http://127.0.0.1:5080;http://example.org:80")]
    public void EnsureLoopback_OtherAddresses_AreRefusedNamingTheKey(string urls)
    {
        // Act
        var error = Assert.Throws<ConfigurationException>(() => AgentOpsSecurity.EnsureLoopback(urls, new ServerOptions()));

        // Assert
        Assert.Contains("Server:AllowRemote", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureLoopback_RemoteAllowed_AcceptsAnyAddress()
    {
        // Act
        var error = Record.Exception(() => AgentOpsSecurity.EnsureLoopback("http://0.0.0.0:5080", new ServerOptions { AllowRemote = true }));

        // Assert
        Assert.Null(error);
    }
}
