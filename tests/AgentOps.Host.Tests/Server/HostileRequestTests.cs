using System.Net;
using System.Text;
using System.Text.Json;
using AgentOps.Core.Commands;

namespace AgentOps.Host.Tests.Server;

/// <summary>
/// Hostile requests to every write endpoint (<c>POST /api/v1/commands</c>: its JSON fields and every non-free-text
/// argument and option of every state-changing verb; the GitHub webhook) and to the read API's parameters: each gets
/// a 4xx answer (problem details on the API) and the store is byte-for-byte the same afterwards.
/// </summary>
public sealed class HostileRequestTests(HostileRequestFixture fixture) : IClassFixture<HostileRequestFixture>
{
    private const string Incident = "{incident}";

    /// <summary>Arguments and options that are free text by design (a title, a reason, a slug): any content is legitimate there.</summary>
    private static readonly HashSet<string> FreeText = ["title...", "text...", "reason", "name"];

    public static readonly TheoryData<string, string> Injections = new()
    {
        { "sql", "' OR '1'='1'; DROP TABLE incidents;--" },
        { "sql-union", "1' UNION SELECT json FROM incidents--" },
        { "script", "<script>alert(document.cookie)</script>" },
        { "path", "../../../../etc/passwd" },
        { "path-encoded", "..%2F..%2Fetc%2Fpasswd" },
        { "crlf", "x\r\nX-Injected: yes" },
        { "pm", "/pm:incident-transition " + Incident + " close" },
        { "nul", "a\u0000b" },
        { "rtl", "\u202Egnp.exe" },
        { "format", "{0}{1}%s%n%x" },
        { "long", new string('A', 5000) },
    };

    public static TheoryData<string, string> CommandCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var spec in CommandCatalog.All.Where(s => !s.IsRead))
        {
            for (var i = 0; i < spec.Arguments.Count; i++)
            {
                if (!FreeText.Contains(spec.Arguments[i]))
                {
                    foreach (var (name, injection) in InjectionPairs())
                    {
                        var words = spec.Arguments.Select((a, j) => j == i ? Quote(injection) : Fill(a));
                        cases.Add($"{spec.Name} <{spec.Arguments[i]}> {name}", "/pm:" + spec.Name + " " + string.Join(' ', words));
                    }
                }
            }

            foreach (var option in spec.Options.Keys.Where(o => !FreeText.Contains(o)))
            {
                foreach (var (name, injection) in InjectionPairs())
                {
                    var words = spec.Arguments.Take(spec.RequiredArguments).Select(Fill);
                    cases.Add($"{spec.Name} --{option} {name}", "/pm:" + spec.Name + " " + string.Join(' ', words) + $" --{option} " + Quote(injection));
                }
            }
        }

        foreach (var (name, injection) in InjectionPairs())
        {
            cases.Add($"whole text {name}", injection);
        }

        return cases;
    }

    public static TheoryData<string, string> MalformedBodies() => new()
    {
        { "not json", "not json" },
        { "truncated", "{\"text\": \"/pm:ack " + Incident + "\"" },
        { "empty", string.Empty },
        { "null", "null" },
        { "array", "[\"/pm:ack " + Incident + "\"]" },
        { "string", "\"/pm:ack " + Incident + "\"" },
        { "text number", "{\"text\": 42}" },
        { "text bool", "{\"text\": true}" },
        { "text array", "{\"text\": [\"/pm:ack " + Incident + "\"]}" },
        { "text object", "{\"text\": {\"verb\": \"ack\"}}" },
        { "text null", "{\"text\": null}" },
        { "actor number", "{\"text\": \"/pm:ack " + Incident + "\", \"actor\": 7}" },
        { "actor object", "{\"text\": \"/pm:ack " + Incident + "\", \"actor\": {\"name\": \"x\"}}" },
        { "deep nesting", new string('[', 5000) + new string(']', 5000) },
        { "duplicate keys", "{\"text\": \"/pm:status\", \"text\": \"/pm:ack " + Incident + "\", \"text\": 1}" },
        { "bad escape", "{\"text\": \"/pm:ack \\q\"}" },
    };

    [Theory]
    [MemberData(nameof(CommandCases))]
    public async Task PostCommand_InjectionInAField_Is4xxAndTheStoreIsUnchanged(string field, string text)
    {
        // Arrange
        var body = JsonSerializer.Serialize(new { text = Expand(text), actor = "hostile-suite" });

        // Act / Assert
        await AssertRefusedAsync("/api/v1/commands", body, field);
    }

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task PostCommand_InjectionInTheActor_Is4xxAndTheStoreIsUnchanged(string name, string injection)
    {
        // Arrange
        var body = JsonSerializer.Serialize(new { text = Expand("/pm:ack " + Incident), actor = Expand(injection) });

        // Act / Assert
        await AssertRefusedAsync("/api/v1/commands", body, name);
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task PostCommand_MalformedOrWronglyTypedJson_Is4xxAndTheStoreIsUnchanged(string name, string body)
    {
        // Act / Assert
        await AssertRefusedAsync("/api/v1/commands", Expand(body), name);
    }

    [Theory]
    [InlineData(HostileRequestFixture.MaxBodyBytes + 1)]
    [InlineData(8 * 1024 * 1024)]
    public async Task PostCommand_HugeBody_Is413AndTheStoreIsUnchanged(long size)
    {
        // Arrange
        var body = "{\"text\": \"/pm:incident-new " + new string('x', (int)size) + "\"}";

        var before = await fixture.Host.SnapshotAsync();
        using var http = fixture.Host.Client(ServerHost.AdminKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/commands") { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        // The server answers before reading; with 100-continue the client waits for that answer instead of pushing megabytes into a closed connection.
        request.Headers.ExpectContinue = true;

        // Act
        var response = await http.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await fixture.Host.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task PostGitHubWebhook_UnsignedHostileDelivery_Is401AndTheStoreIsUnchanged(string name, string injection)
    {
        // Arrange
        var body = JsonSerializer.Serialize(new
        {
            action = "created",
            issue = new { number = 1, title = Expand(injection) },
            comment = new { id = 1, body = "/pm:issue-close 1 " + Expand(injection), user = new { login = Expand(injection) } },
        });
        var before = await fixture.Host.SnapshotAsync();
        using var http = fixture.Host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/github/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "issue_comment");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + new string('0', 64));

        // Act
        var response = await http.SendAsync(request);

        // Assert
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {(int)response.StatusCode}");
        Assert.Equal(before, await fixture.Host.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task GetApi_InjectionInQueryOrPath_Is4xxProblemDetails(string name, string injection)
    {
        // Arrange
        using var http = fixture.Host.Client(ServerHost.ReadKey);
        var value = Uri.EscapeDataString(Expand(injection));
        string[] paths =
        [
            $"/api/v1/incidents?state={value}",
            $"/api/v1/incidents?priority={value}",
            $"/api/v1/incidents?limit={value}",
            $"/api/v1/incidents/{value}",
            $"/api/v1/incidents/{value}/timeline",
            $"/api/v1/incidents/{fixture.IncidentId}/timeline?after={value}",
            $"/api/v1/incidents/{fixture.IncidentId}/communications?status={value}",
        ];

        foreach (var path in paths)
        {
            // Act
            var response = await http.GetAsync(path);

            // Assert
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{name}: GET {path} answered {(int)response.StatusCode}");

            // Kestrel itself refuses some paths (a NUL byte) with an empty 400, before any middleware runs.
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(body.Length == 0 || response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{name}: GET {path}: {body}");
        }
    }

    private static IEnumerable<(string Name, string Value)> InjectionPairs() =>
        Injections.Select(row => ((string)row[0], (string)row[1]));

    /// <summary>Keeps an injection with spaces in one field (the grammar splits words, and honours double quotes).</summary>
    private static string Quote(string injection) => injection.Any(char.IsWhiteSpace) && !injection.Contains('"', StringComparison.Ordinal) ? $"\"{injection}\"" : injection;

    private static string Fill(string argument) => argument switch
    {
        "incident" => Incident,
        "track" => "1",
        "trigger" => "resolve",
        "communication" => "C-1",
        "remediation" => "R-1",
        _ => "Disk full",
    };

    private string Expand(string text) => text.Replace(Incident, fixture.IncidentId, StringComparison.Ordinal);

    private async Task<HttpStatusCode> AssertRefusedAsync(string path, string body, string what)
    {
        var before = await fixture.Host.SnapshotAsync();
        var response = await fixture.Host.PostRawAsync(path, body, ServerHost.AdminKey);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{what}: {(int)response.StatusCode} {answer}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await fixture.Host.SnapshotAsync());
        return response.StatusCode;
    }
}
