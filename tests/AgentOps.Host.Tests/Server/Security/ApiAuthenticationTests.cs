using System.Net;
using System.Net.Http.Json;
using System.Text;
using AgentOps.Core.Model;
using AgentOps.Host.Server.Security;

namespace AgentOps.Host.Tests.Server.Security;

public sealed class ApiAuthenticationTests : IAsyncLifetime
{
    private ServerHost _host = null!;
    private string _incident = null!;

    public async Task InitializeAsync()
    {
        _host = await ServerHost.StartAsync(new Dictionary<string, string?> { ["Server:MaxRequestBodyBytes"] = "4096" });
        _incident = (await _host.AddIncidentAsync("Disk full on db-1", Priority.P2, IncidentState.Triaged)).Id;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Get_WithoutKey_Is401ProblemDetailsWithChallenge()
    {
        // Arrange
        using var http = _host.Client();

        // Act
        var response = await http.GetAsync("/api/v1/incidents");

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("An API key is required", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WithUnknownKey_Is401()
    {
        // Arrange
        using var http = _host.Client("not-a-key");

        // Act
        var response = await http.GetAsync("/api/v1/incidents");

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WithReadKeyInHeaderBearerOrCookie_Is200()
    {
        // Arrange
        using var header = _host.Client(ServerHost.ReadKey);
        using var bearer = _host.Client();
        bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ServerHost.ReadKey);
        using var cookie = _host.Client();
        cookie.DefaultRequestHeaders.Add("Cookie", $"{AgentOpsAuth.CookieName}={ServerHost.ReadKey}");

        // Act
        var viaHeader = await header.GetAsync("/api/v1/incidents");
        var viaBearer = await bearer.GetAsync("/api/v1/incidents");
        var viaCookie = await cookie.GetAsync("/api/v1/incidents");

        // Assert
        Assert.Equal(HttpStatusCode.OK, viaHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viaBearer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viaCookie.StatusCode);
    }

    [Fact]
    public async Task PostCommand_WithCookieOnly_Is401AndChangesNothing()
    {
        // Arrange
        using var http = _host.Client();
        http.DefaultRequestHeaders.Add("Cookie", $"{AgentOpsAuth.CookieName}={ServerHost.AdminKey}");
        var before = await _host.SnapshotAsync();

        // Act
        var response = await http.PostAsJsonAsync("/api/v1/commands", new { text = $"/pm:ack {_incident}" });

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await _host.SnapshotAsync());
    }

    [Fact]
    public async Task PostWriteCommand_WithReadKey_Is403AndChangesNothing()
    {
        // Arrange
        using var http = _host.Client(ServerHost.ReadKey);
        var before = await _host.SnapshotAsync();

        // Act
        var response = await http.PostAsJsonAsync("/api/v1/commands", new { text = $"/pm:ack {_incident}" });

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("write role", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await _host.SnapshotAsync());
    }

    [Fact]
    public async Task PostReadCommand_WithReadKey_Is200()
    {
        // Arrange
        using var http = _host.Client(ServerHost.ReadKey);

        // Act
        var response = await http.PostAsJsonAsync("/api/v1/commands", new { text = "/pm:status" });

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PostWriteCommand_WithWriteKey_RecordsTheActorAndTheKeyName()
    {
        // Arrange
        using var http = _host.Client(ServerHost.WriteKey);

        // Act
        var response = await http.PostAsJsonAsync("/api/v1/commands", new { text = $"/pm:ack {_incident}", actor = "marie" });

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var incident = await _host.Store.FindAsync(_incident);
        Assert.Contains(incident!.Timeline, e => e.Actor == "marie (writer)");
    }

    [Theory]
    [InlineData(ServerHost.ReadKey, HttpStatusCode.Forbidden)]
    [InlineData(ServerHost.WriteKey, HttpStatusCode.Forbidden)]
    [InlineData(ServerHost.AdminKey, HttpStatusCode.OK)]
    public async Task GetOutbox_NeedsTheAdminRole(string key, HttpStatusCode expected)
    {
        // Arrange
        using var http = _host.Client(key);

        // Act
        var response = await http.GetAsync("/api/v1/outbox?status=pending,dead");

        // Assert
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Post_BodyOverTheLimit_Is413ProblemDetailsBeforeReading()
    {
        // Arrange
        var before = await _host.SnapshotAsync();

        // Act
        var response = await _host.PostRawAsync("/api/v1/commands", $"{{\"text\": \"/pm:incident-new {new string('x', 10_000)}\"}}");

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("larger than 4096 bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await _host.SnapshotAsync());
    }

    [Fact]
    public async Task Post_ChunkedBodyOverTheLimit_Is413ProblemDetails()
    {
        // Arrange
        using var http = _host.Client(ServerHost.WriteKey);
        var bytes = Encoding.UTF8.GetBytes($"{{\"text\": \"/pm:incident-new {new string('x', 10_000)}\"}}");
        using var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/commands") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        // Act
        var response = await http.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
