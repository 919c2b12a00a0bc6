using System.Net;
using System.Net.Http.Json;
using System.Text;
using AgentOps.Host.Server;
using AgentOps.Host.Tests.Cli;
using AgentOps.Infrastructure.LocalServers;

namespace AgentOps.Host.Tests.Server;

public sealed class ServeCommandTests : IAsyncLifetime
{
    private const string ApiKey = "test-key-7d1f";
    private readonly CliRun _cli = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new();
    private Task<(int ExitCode, string Output, string Error)>? _server;

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        _http.BaseAddress = new Uri($"http://127.0.0.1:{port}");
        _cli.Settings["Server:ApiKeyHashes:0"] = ApiKeyVerifier.Hash(ApiKey);
        _cli.Settings["Server:MaxRequestBodyBytes"] = "4096";
        _cli.Settings["Server:AllowAnonymousRead"] = "true";
        _cli.Settings["GitHub:WebhookSecret"] = "It's a Secret to Everybody";
        _cli.Settings["GitHub:Owner"] = "acme";
        _cli.Settings["GitHub:Repo"] = "payments";
        _cli.Settings["GitHub:BaseUrl"] = "http://127.0.0.1:9/";
        _cli.Settings["GitHub:PollInterval"] = "01:00:00";
        _server = await _cli.StartServeAsync(_http.BaseAddress, _stop.Token);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_server is not null)
        {
            await _server;
        }

        _http.Dispose();
        _cli.Dispose();
    }

    [Fact]
    public async Task Healthz_AndReadyz_AnswerOk()
    {
        // Act
        var health = await _http.GetAsync("/healthz");
        var ready = await _http.GetAsync("/readyz");

        // Assert
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task PostCommand_WithoutApiKey_Is401AndChangesNothing()
    {
        // Act
        var response = await _http.PostAsJsonAsync("/api/v1/commands", new { text = "/pm:incident-new Disk full --priority P2" });
        var list = await _http.GetStringAsync("/api/v1/incidents");

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"items\": []", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostCommand_WithApiKey_RunsTheSharedGrammar()
    {
        // Arrange
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/commands")
        {
            Content = JsonContent.Create(new { text = "/pm:incident-new Disk full on db-1 --priority P2", actor = "ops-bot" }),
        };
        request.Headers.Add("X-Api-Key", ApiKey);

        // Act
        var response = await _http.SendAsync(request);
        var list = await _http.GetStringAsync("/api/v1/incidents");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Disk full on db-1", list, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json", HttpStatusCode.BadRequest)]
    [InlineData("{\"text\": 42}", HttpStatusCode.BadRequest)]
    [InlineData("{\"text\": \"/pm:frobnicate\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"text\": \"/pm:incident-show INC-1'; DROP TABLE incidents;--\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"text\": \"/pm:incident-show 'INC-1; DROP TABLE incidents;--'\"}", HttpStatusCode.Conflict)]
    [InlineData("{\"text\": \"/pm:search <script>alert(1)</script>\"}", HttpStatusCode.OK)]
    public async Task PostCommand_HostileBodies_AreAnsweredWithoutHarm(string body, HttpStatusCode expected)
    {
        // Arrange
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/commands") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", ApiKey);

        // Act
        var response = await _http.SendAsync(request);
        var ready = await _http.GetAsync("/readyz");

        // Assert
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task PostCommand_OversizedBody_Is413()
    {
        // Arrange
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/commands")
        {
            Content = new StringContent($"{{\"text\": \"{new string('x', 20_000)}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", ApiKey);

        // Act
        var response = await _http.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task GetIncident_Unknown_Is404ProblemDetails()
    {
        // Act
        var response = await _http.GetAsync("/api/v1/incidents/INC-2026-4242");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No incident INC-2026-4242", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GitHubWebhook_Unsigned_Is401()
    {
        // Arrange
        using var request = new HttpRequestMessage(HttpMethod.Post, "/github/webhook") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "issue_comment");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());

        // Act
        var response = await _http.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
