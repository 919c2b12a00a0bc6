using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentOps.Host.Tests.Cli;
using AgentOps.Infrastructure.Chat;
using AgentOps.Infrastructure.LocalServers;

namespace AgentOps.Host.Tests.Server.Chat;

/// <summary>
/// One real <c>agentops serve</c> on a free loopback port with Slack and Teams configured, plus a real loopback listener
/// as Slack's <c>response_url</c>. Shared by the tests of a class: each test works on its own incident.
/// </summary>
public sealed partial class ChatServerFixture : IAsyncLifetime
{
    public const string SlackSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    public const string Admin = "UADMIN01";
    public const string Writer = "UWRITER01";
    public const string Reader = "UREADER01";
    public const string Stranger = "USTRANGER1";
    public const string TeamsWriter = "6f0c2a3e-8d1b-4e55-9a7e-1b2c3d4e5f60";
    public static readonly string TeamsToken = Convert.ToBase64String(Encoding.UTF8.GetBytes("teams-outgoing-webhook-token-32b"));

    private readonly CliRun _cli = new();
    private readonly CancellationTokenSource _stop = new();
    private Task<(int ExitCode, string Output, string Error)>? _server;

    public HttpClient Http { get; } = new();

    internal ResponseUrlReceiver Receiver { get; } = new();

    public async Task InitializeAsync()
    {
        await Receiver.StartAsync();
        var port = FreePort.Next();
        Http.BaseAddress = new Uri($"http://127.0.0.1:{port}");
        _cli.Settings["Chat:Slack:SigningSecret"] = SlackSecret;
        _cli.Settings["Chat:Slack:RetryDelay"] = "00:00:00.050";
        _cli.Settings["Chat:Teams:SecurityToken"] = TeamsToken;
        _cli.Settings["Chat:Users:" + Admin] = "admin";
        _cli.Settings["Chat:Users:" + Writer] = "write";
        _cli.Settings["Chat:Users:" + TeamsWriter] = "write";
        _cli.Settings["Chat:ResponseUrlHosts:0"] = "127.0.0.1";
        _cli.Settings["Chat:MaxBodyBytes"] = "4096";
        _cli.Settings["Server:AllowAnonymousRead"] = "true"; // the tests count incidents through the read API
        _cli.Settings["Server:RateLimitPermits"] = "0"; // many requests from one loopback source
        _cli.Settings["Pipeline:Enabled"] = "false"; // the incidents change only through chat commands
        _server = await _cli.StartServeAsync(Http.BaseAddress, _stop.Token);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_server is not null)
        {
            await _server;
        }

        Http.Dispose();
        await Receiver.DisposeAsync();
        _cli.Dispose();
    }

    /// <summary>A slash command request as Slack sends it, signed with <paramref name="secret"/> at <paramref name="at"/>.</summary>
    public static HttpRequestMessage SlackRequest(string text, string userId, string responseUrl, DateTimeOffset? at = null, string secret = SlackSecret, string command = "/pm")
    {
        var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = "deprecated-verification-token",
            ["team_id"] = "T0001",
            ["team_domain"] = "acme",
            ["channel_id"] = "C0INCIDENTS",
            ["channel_name"] = "incidents",
            ["user_id"] = userId,
            ["user_name"] = userId.ToLowerInvariant(),
            ["command"] = command,
            ["text"] = text,
            ["response_url"] = responseUrl,
            ["trigger_id"] = Guid.NewGuid().ToString("N"),
        }).ReadAsStringAsync().GetAwaiter().GetResult();
        return SignedSlack(body, at ?? DateTimeOffset.UtcNow, secret);
    }

    /// <summary>A request with <paramref name="body"/> signed as Slack does.</summary>
    public static HttpRequestMessage SignedSlack(string body, DateTimeOffset at, string secret = SlackSecret, string contentType = "application/x-www-form-urlencoded")
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/chat/slack") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Compute(secret, timestamp, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    /// <summary>An outgoing webhook activity as Teams sends it, signed with <paramref name="token"/>.</summary>
    public static HttpRequestMessage TeamsRequest(string text, string aadObjectId, DateTimeOffset? at = null, string? token = null)
    {
        var body = JsonSerializer.Serialize(new
        {
            type = "message",
            id = Guid.NewGuid().ToString("N"),
            timestamp = (at ?? DateTimeOffset.UtcNow).ToString("O", CultureInfo.InvariantCulture),
            serviceUrl = "https://smba.trafficmanager.net/emea/",
            channelId = "msteams",
            from = new { id = "29:1AbCdEf", name = "Ada Lovelace", aadObjectId },
            conversation = new { id = "19:incidents@thread.skype" },
            text,
        });
        return SignedTeams(body, token ?? TeamsToken);
    }

    /// <summary>A Teams request with <paramref name="body"/> signed with <paramref name="token"/>.</summary>
    public static HttpRequestMessage SignedTeams(string body, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/chat/teams") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", TeamsSignature.Compute(token, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    /// <summary>Runs a Slack command and waits for its result on the response_url: (ack text, posted message text, posted JSON).</summary>
    public async Task<(string Ack, string Result, JsonElement Posted)> SlackAsync(string userId, string text)
    {
        var (id, url) = Receiver.NewUrl();
        using var request = SlackRequest(text, userId, url);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var ack = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("text").GetString()!;
        var posted = JsonDocument.Parse(await Receiver.WaitAsync(id)).RootElement.Clone();
        return (ack, posted.GetProperty("text").GetString()!, posted);
    }

    /// <summary>An incident with tracks (opened, planned and decomposed through Slack by the admin).</summary>
    public async Task<string> NewIncidentWithTracksAsync(string title)
    {
        var (_, created, _) = await SlackAsync(Admin, $"incident-new \"{title}\" --priority P2");
        var id = IncidentId().Match(created).Value;
        Assert.False(string.IsNullOrEmpty(id), created);
        await SlackAsync(Admin, $"prd-parse {id}");
        var (_, decomposed, _) = await SlackAsync(Admin, $"epic-decompose {id}");
        Assert.Contains("track", decomposed, StringComparison.OrdinalIgnoreCase);
        return id;
    }

    /// <summary>What a command could change on an incident: its state, tracks and timeline (as JSON).</summary>
    public async Task<string> SnapshotAsync(string incidentId)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync($"/api/v1/incidents/{incidentId}"));
        var root = document.RootElement;
        return root.GetProperty("summary").GetProperty("state").GetRawText() + root.GetProperty("tracks").GetRawText() + root.GetProperty("timeline").GetRawText();
    }

    /// <summary>How many incidents the store holds.</summary>
    public async Task<int> IncidentCountAsync()
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync("/api/v1/incidents?limit=500"));
        return document.RootElement.GetProperty("items").GetArrayLength();
    }

    [GeneratedRegex(@"INC-\d{4}-\d+")]
    public static partial Regex IncidentId();
}
