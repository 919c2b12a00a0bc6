using System.Globalization;
using System.Net;
using AgentOps.Infrastructure.GitHub;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AgentOps.Infrastructure.Tests.GitHub;

public sealed class GitHubResilienceHandlerTests
{
    private static readonly Uri Issues = new("http://127.0.0.1/api/v3/repos/acme/ops/issues");

    [Fact]
    public async Task SendAsync_GetAnswered502Then200_RetriesAndReturnsTheSuccess()
    {
        // Arrange
        var inner = new ScriptedHandler(Status(HttpStatusCode.BadGateway), Status(HttpStatusCode.OK));
        using var invoker = Invoker(inner, TimeProvider.System);

        // Act
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, Issues), default);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task SendAsync_IssueCreationAnswered502_IsNotRetriedBecauseGitHubMayHaveCreatedIt()
    {
        // Arrange
        var inner = new ScriptedHandler(Status(HttpStatusCode.BadGateway), Status(HttpStatusCode.Created));
        using var invoker = Invoker(inner, TimeProvider.System);

        // Act
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, Issues) { Content = new StringContent("{}") }, default);

        // Assert
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task SendAsync_SecondaryRateLimitWithRetryAfter_WaitsThatLongThenRetriesEvenAPost()
    {
        // Arrange
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var limited = Status(HttpStatusCode.Forbidden);
        limited.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(30));
        var inner = new ScriptedHandler(limited, Status(HttpStatusCode.Created));
        using var invoker = Invoker(inner, time);

        // Act
        var sending = invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, Issues) { Content = new StringContent("{\"title\":\"x\"}") }, default);
        await WaitUntilAsync(() => inner.Calls == 1);
        time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(50);
        var earlyCalls = inner.Calls;
        time.Advance(TimeSpan.FromSeconds(2));
        using var response = await sending.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        Assert.Equal(1, earlyCalls);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, inner.Calls);
        Assert.Equal("{\"title\":\"x\"}", inner.LastBody);
    }

    [Fact]
    public async Task SendAsync_PrimaryBudgetSpent_HoldsTheNextCallUntilTheReset()
    {
        // Arrange
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var spent = Status(HttpStatusCode.OK);
        spent.Headers.Add("X-RateLimit-Remaining", "0");
        spent.Headers.Add("X-RateLimit-Reset", time.GetUtcNow().AddSeconds(60).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        var inner = new ScriptedHandler(spent, Status(HttpStatusCode.OK));
        using var invoker = Invoker(inner, time);
        using (await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, Issues), default))
        {
        }

        // Act
        var next = invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, Issues), default);
        await Task.Delay(50);
        var heldCalls = inner.Calls;
        time.Advance(TimeSpan.FromSeconds(62));
        using var response = await next.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        Assert.Equal(1, heldCalls);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task SendAsync_ResetFurtherThanMaxWait_FailsWithAClearMessage()
    {
        // Arrange
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var limited = Status(HttpStatusCode.Forbidden);
        limited.Headers.Add("X-RateLimit-Remaining", "0");
        limited.Headers.Add("X-RateLimit-Reset", time.GetUtcNow().AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        var inner = new ScriptedHandler(limited);
        using var invoker = Invoker(inner, time);

        // Act
        var error = await Assert.ThrowsAsync<GitHubException>(() => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, Issues), default));

        // Assert
        Assert.Contains("MaxRateLimitWait", error.Message, StringComparison.Ordinal);
    }

    private static HttpMessageInvoker Invoker(HttpMessageHandler inner, TimeProvider time)
    {
        var options = new GitHubOptions { Owner = "acme", Repo = "ops", RetryBaseDelay = TimeSpan.FromMilliseconds(5), MaxRateLimitWait = TimeSpan.FromMinutes(5) };
        return new HttpMessageInvoker(new GitHubResilienceHandler(options, time, new GitHubRateLimitGate(time), NullLogger.Instance) { InnerHandler = inner });
    }

    private static HttpResponseMessage Status(HttpStatusCode status) => new(status) { Content = new StringContent("{}") };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    private sealed class ScriptedHandler(params HttpResponseMessage[] responses) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        public string? LastBody { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var index = Interlocked.Increment(ref _calls) - 1;
            LastBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            return responses[Math.Min(index, responses.Length - 1)];
        }
    }
}
