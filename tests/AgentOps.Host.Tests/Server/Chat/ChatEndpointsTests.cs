using System.Net;
using System.Text;
using System.Text.Json;

namespace AgentOps.Host.Tests.Server.Chat;

public sealed class ChatEndpointsTests(ChatServerFixture server) : IClassFixture<ChatServerFixture>
{
    private HttpClient Http => server.Http;

    [Fact]
    public async Task SlackStatus_Signed_AcksEphemerallyThenPostsTheFullResultToResponseUrl()
    {
        // Arrange
        var (id, url) = server.Receiver.NewUrl();
        using var request = ChatServerFixture.SlackRequest("status", ChatServerFixture.Reader, url);

        // Act
        using var response = await Http.SendAsync(request);
        using var ack = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using var posted = JsonDocument.Parse(await server.Receiver.WaitAsync(id));

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ephemeral", ack.RootElement.GetProperty("response_type").GetString());
        Assert.Contains("Running `pm status`", ack.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("ephemeral", posted.RootElement.GetProperty("response_type").GetString());
        var text = posted.RootElement.GetProperty("text").GetString()!;
        Assert.Contains("Open incidents:", text, StringComparison.Ordinal);
        Assert.Contains("Outbox:", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/pm", "issue-start 1 --incident {0}")]
    [InlineData("/pm", "/pm:issue-start 1 --incident {0}")]
    [InlineData("/pm:issue-start", "1 --incident {0}")]
    public async Task SlackIssueStart_FromAWriter_StartsTheTrackAndTellsTheChannel(string command, string text)
    {
        // Arrange
        var incident = await server.NewIncidentWithTracksAsync("Checkout latency");
        var (id, url) = server.Receiver.NewUrl();
        using var request = ChatServerFixture.SlackRequest(string.Format(System.Globalization.CultureInfo.InvariantCulture, text, incident), ChatServerFixture.Writer, url, command: command);

        // Act
        using var response = await Http.SendAsync(request);
        using var posted = JsonDocument.Parse(await server.Receiver.WaitAsync(id));
        var detail = await Http.GetStringAsync($"/api/v1/incidents/{incident}");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("in_channel", posted.RootElement.GetProperty("response_type").GetString());
        Assert.Contains("<@UWRITER01>", posted.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"InProgress\"", detail, StringComparison.Ordinal);
        Assert.Contains("slack:uwriter01", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ChatServerFixture.Reader)]
    [InlineData(ChatServerFixture.Stranger)]
    public async Task SlackWriteCommand_FromAUserWithoutWriteRole_IsRefusedAndChangesNothing(string user)
    {
        // Arrange
        var incident = await server.NewIncidentWithTracksAsync("Refused start");
        var before = await server.SnapshotAsync(incident);
        var (id, url) = server.Receiver.NewUrl();
        using var request = ChatServerFixture.SlackRequest($"issue-start 1 --incident {incident}", user, url);

        // Act
        using var response = await Http.SendAsync(request);
        var reply = await response.Content.ReadAsStringAsync();
        await Task.Delay(300);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("needs the write role", reply, StringComparison.Ordinal);
        Assert.Contains("nothing was done", reply, StringComparison.Ordinal);
        Assert.Equal(before, await server.SnapshotAsync(incident));
        Assert.Equal(0, server.Receiver.Attempts(id));
    }

    [Fact]
    public async Task SlackAdminCommand_FromAWriter_IsRefused()
    {
        // Arrange
        var (_, url) = server.Receiver.NewUrl();
        using var request = ChatServerFixture.SlackRequest("approve INC-2026-0001 R-1", ChatServerFixture.Writer, url);

        // Act
        using var response = await Http.SendAsync(request);

        // Assert
        Assert.Contains("needs the admin role and yours is write", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate 3", "Unknown command 'frobnicate'")]
    [InlineData("isue-start 3", "Did you mean 'issue-start'?")]
    [InlineData("", "No command given")]
    public async Task SlackUnknownCommand_RepliesWithTheCommandList(string text, string expected)
    {
        // Arrange
        var (id, url) = server.Receiver.NewUrl();
        using var request = ChatServerFixture.SlackRequest(text, ChatServerFixture.Writer, url);

        // Act
        using var response = await Http.SendAsync(request);
        using var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        // Assert
        var replyText = reply.RootElement.GetProperty("text").GetString()!;
        Assert.Equal("ephemeral", reply.RootElement.GetProperty("response_type").GetString());
        Assert.Contains(expected, replyText, StringComparison.Ordinal);
        Assert.Contains("issue-start", replyText, StringComparison.Ordinal);
        Assert.Contains("incident-show", replyText, StringComparison.Ordinal);
        Assert.Equal(0, server.Receiver.Attempts(id));
    }

    [Fact]
    public async Task SlackMissingArgument_RepliesWithTheUsage()
    {
        // Arrange
        var (_, url) = server.Receiver.NewUrl();
        using var request = ChatServerFixture.SlackRequest("issue-start", ChatServerFixture.Writer, url);

        // Act
        using var response = await Http.SendAsync(request);

        // Assert
        Assert.Contains("Usage: pm issue-start &lt;track&gt;", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public static TheoryData<string, Func<string, HttpRequestMessage>> BadSlackSignatures => new()
    {
        { "unsigned", url => Unsigned(ChatServerFixture.SlackRequest("incident-new Forged --priority P1", ChatServerFixture.Admin, url)) },
        { "wrong secret", url => ChatServerFixture.SlackRequest("incident-new Forged --priority P1", ChatServerFixture.Admin, url, secret: "not-the-secret") },
        { "six minutes old", url => ChatServerFixture.SlackRequest("incident-new Forged --priority P1", ChatServerFixture.Admin, url, DateTimeOffset.UtcNow.AddMinutes(-6)) },
        { "six minutes ahead", url => ChatServerFixture.SlackRequest("incident-new Forged --priority P1", ChatServerFixture.Admin, url, DateTimeOffset.UtcNow.AddMinutes(6)) },
        { "body changed after signing", url => Tampered(ChatServerFixture.SlackRequest("incident-new Forged --priority P1", ChatServerFixture.Admin, url)) },
        { "signature not hex", url => WithSignature(ChatServerFixture.SlackRequest("incident-new Forged --priority P1", ChatServerFixture.Admin, url), "v0=" + new string('z', 64)) },
        { "v1 scheme", url => WithSignature(ChatServerFixture.SlackRequest("incident-new Forged --priority P1", ChatServerFixture.Admin, url), "v1=" + new string('0', 64)) },
    };

    [Theory]
    [MemberData(nameof(BadSlackSignatures))]
    public async Task SlackBadSignature_Is401AndNothingHappens(string label, Func<string, HttpRequestMessage> build)
    {
        // Arrange
        var countBefore = await server.IncidentCountAsync();
        var (id, url) = server.Receiver.NewUrl();
        using var request = build(url);

        // Act
        using var response = await Http.SendAsync(request);
        await Task.Delay(300);

        // Assert
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, label);
        Assert.Equal(countBefore, await server.IncidentCountAsync());
        Assert.Equal(0, server.Receiver.Attempts(id));
    }

    [Fact]
    public async Task SlackReplay_OfAnAcceptedRequestWithinTheWindow_Is401AndRunsOnce()
    {
        // Arrange
        var (id, url) = server.Receiver.NewUrl();
        using var first = ChatServerFixture.SlackRequest("status", ChatServerFixture.Reader, url);
        var body = await first.Content!.ReadAsStringAsync();
        using var replay = new HttpRequestMessage(HttpMethod.Post, "/chat/slack") { Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
        replay.Headers.Add("X-Slack-Request-Timestamp", first.Headers.GetValues("X-Slack-Request-Timestamp"));
        replay.Headers.Add("X-Slack-Signature", first.Headers.GetValues("X-Slack-Signature"));

        // Act
        using var accepted = await Http.SendAsync(first);
        using var replayed = await Http.SendAsync(replay);
        await server.Receiver.WaitAsync(id);
        await Task.Delay(300);

        // Assert
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal(1, server.Receiver.Attempts(id));
    }

    [Fact]
    public async Task SlackOversizedBody_Is413()
    {
        // Arrange
        var (_, url) = server.Receiver.NewUrl();
        using var request = ChatServerFixture.SlackRequest("search " + new string('x', 5000), ChatServerFixture.Reader, url);

        // Act
        using var response = await Http.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("user_id=U1&command=%2Fpm&text=status", "application/x-www-form-urlencoded", HttpStatusCode.BadRequest)]
    [InlineData("user_id=U1&user_id=U2&command=%2Fpm&text=status&response_url=http%3A%2F%2F127.0.0.1%2Fx", "application/x-www-form-urlencoded", HttpStatusCode.BadRequest)]
    [InlineData("{\"user_id\": \"U1\", \"text\": \"status\"}", "application/json", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("", "application/x-www-form-urlencoded", HttpStatusCode.BadRequest)]
    public async Task SlackMalformedForm_IsA4xxAndNothingRuns(string body, string contentType, HttpStatusCode expected)
    {
        // Arrange
        using var request = ChatServerFixture.SignedSlack(body, DateTimeOffset.UtcNow, contentType: contentType);

        // Act
        using var response = await Http.SendAsync(request);

        // Assert
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task SlackInvalidUtf8_Is400()
    {
        // Arrange
        var body = Encoding.ASCII.GetBytes("user_id=U1&command=%2Fpm&text=status&response_url=x&junk=").Concat(new byte[] { 0xC3, 0x28 }).ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/chat/slack") { Content = new ByteArrayContent(body) };
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
        request.Headers.Add("X-Slack-Request-Timestamp", now);
        request.Headers.Add("X-Slack-Signature", AgentOps.Infrastructure.Chat.SlackSignature.Compute(ChatServerFixture.SlackSecret, now, body));

        // Act
        using var response = await Http.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example.org/collect")]
    [InlineData("http://127.0.0.2:9/not-listed")]
    [InlineData("file:///etc/passwd")]
    [InlineData("not a url")]
    public async Task SlackResponseUrl_NotAllowed_RunsNothing(string responseUrl)
    {
        // Arrange
        var countBefore = await server.IncidentCountAsync();
        using var request = ChatServerFixture.SlackRequest("incident-new Exfiltration --priority P4", ChatServerFixture.Admin, responseUrl);

        // Act
        using var response = await Http.SendAsync(request);
        await Task.Delay(300);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("not on Chat:ResponseUrlHosts", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(countBefore, await server.IncidentCountAsync());
    }

    [Fact]
    public async Task SlackResponseUrl_FailingOnce_IsRetriedUntilTheResultArrives()
    {
        // Arrange
        var (id, url) = server.Receiver.NewUrl("flaky");
        using var request = ChatServerFixture.SlackRequest("help issue-start", ChatServerFixture.Reader, url);

        // Act
        using var response = await Http.SendAsync(request);
        using var posted = JsonDocument.Parse(await server.Receiver.WaitAsync(id));

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.Receiver.Attempts(id));
        Assert.Contains("Start an investigation track", posted.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlackResult_WithMarkup_IsEscapedInACodeBlock()
    {
        // Act
        var (_, result, _) = await server.SlackAsync(ChatServerFixture.Admin, "incident-new \"<!channel> & <script>alert(1)</script>\" --priority P4");

        // Assert
        Assert.StartsWith("`pm incident-new", result, StringComparison.Ordinal);
        Assert.Contains("```", result, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt; &amp; &lt;script&gt;", result, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeamsStatus_Signed_AnswersWithAMessageActivity()
    {
        // Arrange
        using var request = ChatServerFixture.TeamsRequest("<at>AgentOps</at>&nbsp;status\n", ChatServerFixture.TeamsWriter);

        // Act
        using var response = await Http.SendAsync(request);
        using var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("message", reply.RootElement.GetProperty("type").GetString());
        Assert.Contains("Open incidents:", reply.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeamsIssueStart_FromAMappedWriter_StartsTheTrack()
    {
        // Arrange
        var incident = await server.NewIncidentWithTracksAsync("Teams start");
        using var request = ChatServerFixture.TeamsRequest($"<at>AgentOps</at> issue-start 1 --incident {incident}", ChatServerFixture.TeamsWriter);

        // Act
        using var response = await Http.SendAsync(request);
        var reply = await response.Content.ReadAsStringAsync();
        var detail = await Http.GetStringAsync($"/api/v1/incidents/{incident}");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("nothing was done", reply, StringComparison.Ordinal);
        Assert.Contains("\"InProgress\"", detail, StringComparison.Ordinal);
        Assert.Contains("teams:Ada Lovelace", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeamsWriteCommand_FromAnUnmappedUser_IsRefusedAndChangesNothing()
    {
        // Arrange
        var incident = await server.NewIncidentWithTracksAsync("Teams refused");
        var before = await server.SnapshotAsync(incident);
        using var request = ChatServerFixture.TeamsRequest($"<at>AgentOps</at> issue-start 1 --incident {incident}", "00000000-0000-0000-0000-000000000000");

        // Act
        using var response = await Http.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("needs the write role", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await server.SnapshotAsync(incident));
    }

    [Fact]
    public async Task TeamsUnknownCommand_RepliesWithTheCommandList()
    {
        // Arrange
        using var request = ChatServerFixture.TeamsRequest("<at>AgentOps</at> frobnicate", ChatServerFixture.TeamsWriter);

        // Act
        using var response = await Http.SendAsync(request);
        var reply = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Contains("Unknown command", reply, StringComparison.Ordinal);
        Assert.Contains("issue-start", reply, StringComparison.Ordinal);
    }

    public static TheoryData<string, Func<HttpRequestMessage>> BadTeamsRequests => new()
    {
        { "unsigned", () => Unsigned(ChatServerFixture.TeamsRequest("incident-new Forged", ChatServerFixture.TeamsWriter)) },
        { "wrong token", () => ChatServerFixture.TeamsRequest("incident-new Forged", ChatServerFixture.TeamsWriter, token: Convert.ToBase64String(new byte[32])) },
        { "body changed after signing", () => Tampered(ChatServerFixture.TeamsRequest("incident-new Forged", ChatServerFixture.TeamsWriter)) },
        { "bearer scheme", () => WithAuthorization(ChatServerFixture.TeamsRequest("incident-new Forged", ChatServerFixture.TeamsWriter), "Bearer abc") },
        { "ten minutes old", () => ChatServerFixture.TeamsRequest("incident-new Forged", ChatServerFixture.TeamsWriter, DateTimeOffset.UtcNow.AddMinutes(-10)) },
    };

    [Theory]
    [MemberData(nameof(BadTeamsRequests))]
    public async Task TeamsBadSignatureOrReplay_Is401AndNothingHappens(string label, Func<HttpRequestMessage> build)
    {
        // Arrange
        var countBefore = await server.IncidentCountAsync();
        using var request = build();

        // Act
        using var response = await Http.SendAsync(request);

        // Assert
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, label);
        Assert.Equal(countBefore, await server.IncidentCountAsync());
    }

    [Fact]
    public async Task TeamsReplay_OfAnAcceptedRequest_Is401AndRunsOnce()
    {
        // Arrange
        var countBefore = await server.IncidentCountAsync();
        using var first = ChatServerFixture.TeamsRequest("<at>AgentOps</at> incident-new Replayed once --priority P4", ChatServerFixture.TeamsWriter);
        var body = await first.Content!.ReadAsStringAsync();
        using var replay = ChatServerFixture.SignedTeams(body, ChatServerFixture.TeamsToken);

        // Act
        using var accepted = await Http.SendAsync(first);
        using var replayed = await Http.SendAsync(replay);

        // Assert
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal(countBefore + 1, await server.IncidentCountAsync());
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"type\": \"message\", \"text\": 42, \"from\": {\"id\": \"29:x\"}, \"timestamp\": \"2026-01-01T00:00:00Z\"}")]
    [InlineData("{\"type\": \"message\", \"text\": \"status\", \"timestamp\": \"2026-01-01T00:00:00Z\"}")]
    [InlineData("{\"type\": \"message\", \"text\": \"status\", \"from\": {\"id\": \"29:x\"}}")]
    public async Task TeamsMalformedActivity_Is400(string body)
    {
        // Arrange
        using var request = ChatServerFixture.SignedTeams(body, ChatServerFixture.TeamsToken);

        // Act
        using var response = await Http.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task TeamsOversizedBody_Is413()
    {
        // Arrange
        using var request = ChatServerFixture.TeamsRequest("search " + new string('x', 5000), ChatServerFixture.TeamsWriter);

        // Act
        using var response = await Http.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static HttpRequestMessage Unsigned(HttpRequestMessage request)
    {
        request.Headers.Remove("X-Slack-Signature");
        request.Headers.Remove("X-Slack-Request-Timestamp");
        request.Headers.Remove("Authorization");
        return request;
    }

    private static HttpRequestMessage Tampered(HttpRequestMessage request)
    {
        var body = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult().Replace("Forged", "Forgee", StringComparison.Ordinal);
        var mediaType = request.Content.Headers.ContentType;
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = mediaType;
        return request;
    }

    private static HttpRequestMessage WithSignature(HttpRequestMessage request, string signature)
    {
        request.Headers.Remove("X-Slack-Signature");
        request.Headers.Add("X-Slack-Signature", signature);
        return request;
    }

    private static HttpRequestMessage WithAuthorization(HttpRequestMessage request, string value)
    {
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", value);
        return request;
    }
}
