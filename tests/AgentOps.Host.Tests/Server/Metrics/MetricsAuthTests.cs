using System.Net;
using System.Net.Http.Headers;

namespace AgentOps.Host.Tests.Server.Metrics;

/// <summary>Who may scrape <c>/metrics</c>: anyone on loopback by default, a read key once the server listens beyond loopback or is told so.</summary>
public sealed class MetricsAuthTests
{
    [Theory]
    [InlineData("Server:MetricsRequireKey", "true")]
    [InlineData("Server:AllowRemote", "true")]
    public async Task Scrape_KeyRequired_401WithoutKeyAnd200WithReadKeyAsBearer(string setting, string value)
    {
        // Arrange
        await using var host = await ServerHost.StartAsync(new Dictionary<string, string?> { [setting] = value });
        using var anonymous = host.Client();
        using var scraper = host.Client();
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerHost.ReadKey);

        // Act
        using var refused = await anonymous.GetAsync("/metrics");
        using var scraped = await scraper.GetAsync("/metrics");

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("# TYPE agentops_", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_LoopbackDefaults_OpenWithoutKey()
    {
        // Arrange
        await using var host = await ServerHost.StartAsync();
        using var anonymous = host.Client();

        // Act
        using var scraped = await anonymous.GetAsync("/metrics");

        // Assert
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
    }
}
