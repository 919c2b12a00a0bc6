using System.Net;
using System.Net.Http.Headers;
using AgentOps.Core.Model;

namespace AgentOps.Dashboard.Tests.Server.Dashboard;

/// <summary>The dashboard's HTTP contract against the real server: login, cookies, anti-forgery, redirects, events, assets.</summary>
public sealed class DashboardHttpTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private DashboardServer Server => fixture.Server;

    [Fact]
    public async Task Board_WithoutLogin_RedirectsToTheLoginForm()
    {
        // Arrange
        using var session = new DashboardSession(Server);

        // Act
        var response = await session.Http.GetAsync("/");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/login?ReturnUrl=%2F", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WrongKey_Is401AndSetsNoLoginCookie()
    {
        // Arrange
        using var session = new DashboardSession(Server);

        // Act
        var response = await session.LoginAsync("wrong-key");
        var board = await session.Http.GetAsync("/");

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("That API key is not valid.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(session.Cookies.GetAllCookies(), c => c.Name == "agentops.dashboard");
        Assert.Equal(HttpStatusCode.Redirect, board.StatusCode);
    }

    [Fact]
    public async Task Login_WithoutAntiforgeryToken_Is400AndSetsNoLoginCookie()
    {
        // Arrange
        using var session = new DashboardSession(Server);

        // Act
        var response = await session.Http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = DashboardServer.ApiKey }));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(session.Cookies.GetAllCookies(), c => c.Name == "agentops.dashboard");
    }

    [Theory]
    [InlineData("//evil.example/steal")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    public async Task Login_ReturnUrlOffSite_GoesToTheBoardInstead(string returnUrl)
    {
        // Arrange
        using var session = new DashboardSession(Server);

        // Act
        var response = await session.LoginAsync(DashboardServer.ApiKey, returnUrl: returnUrl);

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Login_RightKey_SetsAnHttpOnlyStrictCookieAndOpensTheBoardWithSecurityHeaders()
    {
        // Arrange
        using var session = new DashboardSession(Server);

        // Act
        var login = await session.LoginAsync(DashboardServer.ApiKey, returnUrl: $"/incidents/{Server.Seed.Investigating}");
        var board = await session.Http.GetAsync("/");
        var html = await board.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal($"/incidents/{Server.Seed.Investigating}", login.Headers.Location!.ToString());
        var setCookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("agentops.dashboard=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, board.StatusCode);
        Assert.Contains("Open incidents", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", board.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", board.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Login_RightKey_SigningKeysArePersistedUnderTheDataFolderForTheServiceUserOnly()
    {
        // Arrange
        using var session = new DashboardSession(Server);
        var folder = Path.Combine(Server.WorkingDirectory, "data", "dataprotection-keys");

        // Act
        await session.LoginAsync(DashboardServer.ApiKey);

        // Assert
        Assert.NotEmpty(Directory.GetFiles(folder, "key-*.xml"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
    }

    [Fact]
    public async Task Approve_WithoutAntiforgeryToken_Is400AndTheDraftIsUntouched()
    {
        // Arrange
        using var session = new DashboardSession(Server);
        await session.LoginAsync(DashboardServer.ApiKey);
        var before = await Server.Store.FindAsync(Server.Seed.Hostile);

        // Act
        var response = await session.Http.PostAsync($"/incidents/{Server.Seed.Hostile}/communications/C-{Server.Seed.Hostile}-1/approve", new FormUrlEncodedContent([]));
        var after = await Server.Store.FindAsync(Server.Seed.Hostile);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before!.Version, after!.Version);
    }

    [Fact]
    public async Task Approve_WithoutLogin_RedirectsToLoginAndChangesNothing()
    {
        // Arrange
        using var session = new DashboardSession(Server);
        var before = await Server.Store.FindAsync(Server.Seed.Resolved);

        // Act
        var response = await session.Http.PostAsync($"/incidents/{Server.Seed.Resolved}/communications/{Server.Seed.ResolutionDraftId}/approve", new FormUrlEncodedContent([]));
        var after = await Server.Store.FindAsync(Server.Seed.Resolved);

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(before!.Version, after!.Version);
    }

    [Fact]
    public async Task Approve_ReadOnlyKey_LogsInButIs403AndTheDraftIsUntouched()
    {
        // Arrange
        using var session = new DashboardSession(Server);
        var login = await session.LoginAsync(DashboardServer.ReadOnlyKey);
        var path = $"/incidents/{Server.Seed.Resolved}";
        var page = await session.Http.GetStringAsync(path);
        var token = await session.TokenAsync(path);
        var before = await Server.Store.FindAsync(Server.Seed.Resolved);

        // Act
        var response = await session.Http.PostAsync($"{path}/communications/{Server.Seed.ResolutionDraftId}/approve", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        var after = await Server.Store.FindAsync(Server.Seed.Resolved);

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.DoesNotContain("/login", login.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("with a key that can write to approve", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before!.Version, after!.Version);
    }

    [Fact]
    public async Task Approve_DraftFailingThePreSendCheck_Is409WithTheReasonAndIsHeld()
    {
        // Arrange
        using var session = new DashboardSession(Server);
        await session.LoginAsync(DashboardServer.ApiKey);
        var path = $"/incidents/{Server.Seed.Hostile}";
        var token = await session.TokenAsync(path);

        // Act
        var response = await session.Http.PostAsync($"{path}/communications/C-{Server.Seed.Hostile}-1/approve", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        var html = await response.Content.ReadAsStringAsync();
        var stored = await Server.Store.FindAsync(Server.Seed.Hostile);

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("is held and was not sent", html, StringComparison.Ordinal);
        Assert.Equal(CommunicationStatus.Held, stored!.Communications.Single().Status);
        Assert.DoesNotContain("<script>window", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_WithoutLogin_Is401ForAnEventStream()
    {
        // Arrange
        using var session = new DashboardSession(Server);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

        // Act
        var response = await session.Http.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task IncidentEvents_PageRenderedFromAnOlderVersion_IsToldAtOnce()
    {
        // Arrange
        using var session = new DashboardSession(Server);
        await session.LoginAsync(DashboardServer.ApiKey);
        var current = (await Server.Store.FindAsync(Server.Seed.Investigating))!.Version;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/incidents/{Server.Seed.Investigating}/events?version=0");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        // Act
        using var response = await session.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var lines = new List<string>();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
            if (line.StartsWith("data: {\"incident\"", StringComparison.Ordinal))
            {
                break;
            }
        }

        // Assert
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["event: ready", "data: {}", string.Empty, "event: changed"], lines.Take(4));
        Assert.Equal($"data: {{\"incident\":\"{Server.Seed.Investigating}\",\"version\":{current}}}", lines[^1]);
    }

    [Fact]
    public async Task Assets_AreServedFromTheExecutableWithNosniff()
    {
        // Arrange
        using var session = new DashboardSession(Server);

        // Act
        var script = await session.Http.GetAsync("/dashboard/assets/dashboard.js");
        var style = await session.Http.GetAsync("/dashboard/assets/dashboard.css");
        var unknown = await session.Http.GetAsync("/dashboard/assets/other.js");

        // Assert
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Contains("EventSource", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/css", style.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", script.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Logout_WithToken_EndsTheSession()
    {
        // Arrange
        using var session = new DashboardSession(Server);
        await session.LoginAsync(DashboardServer.ApiKey);
        var token = await session.TokenAsync("/");

        // Act
        var logout = await session.Http.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        var board = await session.Http.GetAsync("/");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, board.StatusCode);
    }

    [Fact]
    public async Task IncidentPage_UnknownIncident_Is404()
    {
        // Arrange
        using var session = new DashboardSession(Server);
        await session.LoginAsync(DashboardServer.ApiKey);

        // Act
        var response = await session.Http.GetAsync("/incidents/INC-2026-9999");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No incident INC-2026-9999.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
