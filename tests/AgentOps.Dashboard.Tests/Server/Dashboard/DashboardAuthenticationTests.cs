using AgentOps.Host.Server;
using AgentOps.Host.Server.Dashboard;

namespace AgentOps.Dashboard.Tests.Server.Dashboard;

public sealed class DashboardAuthenticationTests
{
    [Theory]
    [InlineData("/", true)]
    [InlineData("/incidents/INC-2026-0001?approved=x", true)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("/ok\r\nSet-Cookie: x=1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsLocalPath_ReturnUrls_OnlyPathsOfThisSitePass(string? returnUrl, bool expected)
    {
        // Act
        var local = DashboardAuthentication.IsLocalPath(returnUrl);

        // Assert
        Assert.Equal(expected, local);
    }

    [Fact]
    public void Principal_KeyAndName_KeepsOnlyAFingerprintOfTheKey()
    {
        // Arrange
        const string key = "secret-key-123";

        // Act
        var user = DashboardAuthentication.Principal("  alice  ", key);
        var actor = DashboardAuthentication.ActorName(user);

        // Assert
        Assert.Equal($"alice (key {ApiKeyVerifier.Hash(key)[..8]})", actor);
        Assert.DoesNotContain(user.Claims, c => c.Value.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Principal_NoName_IsCalledDashboard()
    {
        // Act
        var user = DashboardAuthentication.Principal(" ", "k");

        // Assert
        Assert.Equal("dashboard", user.Identity!.Name);
    }
}
