using System.Net;
using System.Text.Json;
using AgentOps.Infrastructure.LocalServers;

namespace AgentOps.Host.Tests.Server;

public sealed class ReadinessProbeTests
{
    [Fact]
    public async Task Readyz_StoreAndSchedulerUp_Is200WithOneEntryPerCheck()
    {
        // Arrange
        await using var host = await ServerHost.StartAsync();
        using var http = host.Client();

        // Act
        var response = await http.GetAsync("/readyz");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal("ok", checks.GetProperty("store").GetProperty("status").GetString());
        Assert.Equal("ok", checks.GetProperty("scheduler").GetProperty("status").GetString());
        Assert.Equal("not configured", checks.GetProperty("mailbox").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_ImapEnabledButUnreachable_Is503ProblemDetailsNamingTheMailbox()
    {
        // Arrange
        await using var host = await ServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Mail:Imap:Enabled"] = "true",
            ["Mail:Imap:Host"] = "127.0.0.1",
            ["Mail:Imap:Port"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Imap:Security"] = "None",
            ["Mail:Imap:Username"] = "support",
            ["Mail:Imap:Password"] = "secret",
        });
        using var http = host.Client();

        // Act
        var response = await http.GetAsync("/readyz");

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("failed", body.GetProperty("checks").GetProperty("mailbox").GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
        Assert.Contains("mailbox", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
