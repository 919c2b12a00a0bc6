using AgentOps.Infrastructure.Chat;

namespace AgentOps.Infrastructure.Tests.Chat;

public sealed class ChatResponseUrlPolicyTests
{
    private static readonly string[] SlackOnly = ["hooks.slack.com"];
    private static readonly string[] SlackAndLoopback = ["hooks.slack.com", "127.0.0.1"];

    [Theory]
    [InlineData("https://hooks.slack.com/commands/T1/2/abc")]
    [InlineData("https://HOOKS.slack.com/commands/T1/2/abc")]
    public void Check_SlackHttpsUrl_IsAllowed(string url)
    {
        // Act
        var uri = ChatResponseUrlPolicy.Check(url, SlackOnly);

        // Assert
        Assert.NotNull(uri);
    }

    [Theory]
    [InlineData("http://hooks.slack.com/commands/T1/2/abc")]
    [InlineData("https://hooks.slack.com.evil.org/x")]
    [InlineData("https://evilhooks.slack.com/x")]
    [InlineData("https://user:pass@hooks.slack.com/x")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("http://127.0.0.1:5432/")]
    [InlineData("ftp://hooks.slack.com/x")]
    [InlineData("/relative/path")]
    [InlineData("")]
    [InlineData(null)]
    public void Check_OtherUrls_AreRefused(string? url)
    {
        // Act
        var uri = ChatResponseUrlPolicy.Check(url, SlackOnly);

        // Assert
        Assert.Null(uri);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook/1", true)]
    [InlineData("https://127.0.0.1:8443/hook/1", true)]
    [InlineData("http://127.0.0.2/hook/1", false)]
    [InlineData("http://localhost/hook/1", false)]
    public void Check_LoopbackListed_AllowsPlainHttpToItOnly(string url, bool allowed)
    {
        // Act
        var uri = ChatResponseUrlPolicy.Check(url, SlackAndLoopback);

        // Assert
        Assert.Equal(allowed, uri is not null);
    }

    [Fact]
    public void Check_NonLoopbackHostListed_StillNeedsHttps()
    {
        // Act
        var uri = ChatResponseUrlPolicy.Check("http://relay.internal/hook", ["relay.internal"]);

        // Assert
        Assert.Null(uri);
    }
}
