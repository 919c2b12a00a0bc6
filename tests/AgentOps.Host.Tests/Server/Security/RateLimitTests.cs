using System.Net;

namespace AgentOps.Host.Tests.Server.Security;

public sealed class RateLimitTests : IAsyncLifetime
{
    private ServerHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await ServerHost.StartAsync(new Dictionary<string, string?> { ["Server:RateLimitPermits"] = "5", ["Server:RateLimitWindow"] = "00:10:00" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Requests_OverThePermitsOfOneSource_Are429WithRetryAfterAndProblemDetails()
    {
        // Arrange
        using var http = _host.Client(ServerHost.ReadKey);
        var statuses = new List<HttpStatusCode>();

        // Act
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await http.GetAsync("/api/v1/incidents")).StatusCode);
        }

        var limited = await http.GetAsync("/api/v1/incidents");
        var probe = await http.GetAsync("/healthz");

        // Assert
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 600);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
    }
}
