using AgentOps.Host.Tests.Cli;

namespace AgentOps.Host.Tests.Server.Chat;

public sealed class ChatConfigurationTests : IDisposable
{
    private readonly CliRun _cli = new();

    [Theory]
    [InlineData("Chat:Users:U0123ABCD", "superuser", "Users:U0123ABCD: 'superuser' is not a role")]
    [InlineData("Chat:Teams:SecurityToken", "not base64 at all!", "Teams:SecurityToken must be the base64 token")]
    [InlineData("Chat:ReplayWindow", "01:00:00", "ReplayWindow")]
    [InlineData("Chat:Slack:Workers", "0", "Workers")]
    public async Task Serve_InvalidChatSetting_StopsAtStartNamingTheKey(string key, string value, string expected)
    {
        // Arrange
        _cli.Settings[key] = value;
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // Act: a serve that starts despite the bad value is stopped by the guard and fails the assertions.
        var (code, _, error) = await _cli.RunAsync(guard.Token, "serve", "--urls", "http://127.0.0.1:0");

        // Assert
        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();
}
