using System.Text.Json;
using System.Text.RegularExpressions;
using AgentOps.Infrastructure.GitHub;
using Microsoft.Extensions.DependencyInjection;

namespace AgentOps.Infrastructure.Tests.GitHub;

/// <summary>
/// Checks, against GitHub's official OpenAPI description (npm <c>@octokit/openapi</c>, installed at test time), every
/// request AgentOps sends (its JSON fields exist in the operation's request schema, required ones present) and every
/// answer the simulator gives (the response schema's required fields are there, one level deep).
/// </summary>
public sealed class GitHubOpenApiShapeTests
{
    private const string OpenApiVersion = "23.0.2";

    [Fact]
    public async Task EverySyncCall_MatchesGitHubsOpenApiDescription()
    {
        // Arrange
        var folder = await NpmPackage.EnsureAsync("@octokit/openapi", OpenApiVersion);
        using var spec = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "generated", "api.github.com.json")));
        await using var harness = await GitHubHarness.StartAsync(s => s["GitHub:Milestone"] = "Incidents");
        var incident = await harness.NewIncidentAsync(tracks: 2);
        var report = await harness.Sync.EpicSyncAsync(incident.Id);
        var (epic, tracks) = (report.EpicIssueNumber!.Value, report.TrackIssueNumbers);
        harness.Simulator.SetPermission("alice", "write");
        harness.Simulator.AddHumanComment(epic, "alice", "hello");
        await harness.Poller.PollOnceAsync();
        var stored = (await harness.Store.FindAsync(incident.Id))!;
        stored.FindTrack(1)!.State = Core.Model.TrackState.InProgress;
        stored.FindTrack(1)!.Findings.Add(new Core.Model.Finding("F-1-1", 1, "Pool exhausted", 0.9, TimeProvider.System.GetUtcNow()));
        await harness.Store.SaveAsync(stored);
        await harness.Sync.IssueSyncAsync(incident.Id);
        stored = (await harness.Store.FindAsync(incident.Id))!;
        stored.FindTrack(1)!.Findings.Add(new Core.Model.Finding("F-1-2", 1, "Retry storm", 0.4, TimeProvider.System.GetUtcNow()));
        await harness.Store.SaveAsync(stored);
        await harness.Sync.IssueSyncAsync(incident.Id);
        await harness.Sync.EnqueueAsync(incident.Id, GitHubOutboxPayload.Assign(tracks[1], "alice"));
        await harness.Sync.EnqueueAsync(incident.Id, GitHubOutboxPayload.Comment(epic, "k-1", "hello"));
        await harness.Sync.EnqueueAsync(incident.Id, GitHubOutboxPayload.SetState(tracks[2], "closed"));
        await harness.Sync.DeliverPendingAsync(incident.Id);
        await harness.Services.GetRequiredService<GitHubPermissionChecker>().CanCommandAsync("alice", default);
        await harness.Poller.PollOnceAsync();
        var requests = harness.Simulator.Requests.Where(r => r.Status is >= 200 and < 300).ToList();
        var paths = Paths(spec.RootElement);

        // Act
        var problems = new List<string>();
        var operations = new HashSet<string>();
        foreach (var request in requests)
        {
            var (template, operation) = Find(paths, request.Method, request.Path);
            if (operation is null)
            {
                problems.Add($"{request.Method} {request.Path}: no such operation in GitHub's API");
                continue;
            }

            operations.Add($"{request.Method} {template}");
            if (request.RequestBody is { Length: > 0 } sent)
            {
                CheckRequest(spec.RootElement, operation.Value, sent, $"{request.Method} {template}", problems);
            }

            if (request.ResponseBody is { Length: > 0 } answer)
            {
                CheckResponse(spec.RootElement, operation.Value, request.Status, answer, $"{request.Method} {template}", problems);
            }
        }

        // Assert
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
        Assert.Contains("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", operations);
        Assert.Contains("GET /repos/{owner}/{repo}/collaborators/{username}/permission", operations);
        Assert.Contains("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", operations);
        Assert.True(operations.Count >= 12, string.Join(", ", operations));
    }

    private static List<(Regex Pattern, int Parameters, string Template, JsonElement Item)> Paths(JsonElement spec) =>
        spec.GetProperty("paths").EnumerateObject()
            .Select(p => (new Regex("^" + Regex.Replace(Regex.Escape(p.Name), @"\\\{[^}]+}", "[^/]+") + "$"), p.Name.Count(c => c == '{'), p.Name, p.Value))
            .OrderBy(p => p.Item2)
            .ToList();

    private static (string? Template, JsonElement? Operation) Find(List<(Regex Pattern, int Parameters, string Template, JsonElement Item)> paths, string method, string path)
    {
        foreach (var (pattern, _, template, item) in paths)
        {
            if (pattern.IsMatch(path) && item.TryGetProperty(method.ToLowerInvariant(), out var operation))
            {
                return (template, operation);
            }
        }

        return (null, null);
    }

    private static void CheckRequest(JsonElement spec, JsonElement operation, string sent, string name, List<string> problems)
    {
        if (!operation.TryGetProperty("requestBody", out var body))
        {
            problems.Add($"{name}: sends a body the operation does not take");
            return;
        }

        var schema = Resolve(spec, body.GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        using var json = JsonDocument.Parse(sent);
        var properties = schema.TryGetProperty("properties", out var p) ? p.EnumerateObject().Select(x => x.Name).ToHashSet() : [];
        foreach (var field in json.RootElement.EnumerateObject())
        {
            if (!properties.Contains(field.Name))
            {
                problems.Add($"{name}: request field '{field.Name}' is not in GitHub's schema");
            }
        }

        foreach (var required in Required(schema))
        {
            if (!json.RootElement.TryGetProperty(required, out _))
            {
                problems.Add($"{name}: request lacks required field '{required}'");
            }
        }
    }

    private static void CheckResponse(JsonElement spec, JsonElement operation, int status, string answer, string name, List<string> problems)
    {
        if (!operation.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response))
        {
            problems.Add($"{name}: GitHub never answers {status}");
            return;
        }

        response = Resolve(spec, response);
        if (!response.TryGetProperty("content", out var content))
        {
            return;
        }

        var schema = Resolve(spec, content.GetProperty("application/json").GetProperty("schema"));
        using var json = JsonDocument.Parse(answer);
        if (json.RootElement.ValueKind == JsonValueKind.Array)
        {
            var items = Resolve(spec, schema.GetProperty("items"));
            foreach (var element in json.RootElement.EnumerateArray())
            {
                CheckObject(spec, items, element, name, problems, depth: 0);
            }
        }
        else
        {
            CheckObject(spec, schema, json.RootElement, name, problems, depth: 0);
        }
    }

    private static void CheckObject(JsonElement spec, JsonElement schema, JsonElement value, string name, List<string> problems, int depth)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var required in Required(schema))
        {
            if (!value.TryGetProperty(required, out _))
            {
                problems.Add($"{name}: response lacks required field '{required}'");
            }
        }

        if (depth > 0 || !schema.TryGetProperty("properties", out var properties))
        {
            return;
        }

        foreach (var property in properties.EnumerateObject())
        {
            if (value.TryGetProperty(property.Name, out var nested) && nested.ValueKind == JsonValueKind.Object)
            {
                CheckObject(spec, Resolve(spec, property.Value), nested, $"{name} .{property.Name}", problems, depth + 1);
            }
        }
    }

    private static IEnumerable<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!) : [];

    /// <summary>Follows <c>$ref</c>, and the first object branch of <c>anyOf</c>/<c>oneOf</c>/<c>allOf</c>.</summary>
    private static JsonElement Resolve(JsonElement spec, JsonElement schema)
    {
        for (var i = 0; i < 10; i++)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                var node = spec;
                foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
                {
                    node = node.GetProperty(part);
                }

                schema = node;
                continue;
            }

            var branch = new[] { "anyOf", "oneOf", "allOf" }.FirstOrDefault(k => schema.TryGetProperty(k, out _));
            if (branch is not null && !schema.TryGetProperty("properties", out _))
            {
                schema = schema.GetProperty(branch).EnumerateArray().First(s => !s.TryGetProperty("type", out var t) || t.GetString() != "null");
                continue;
            }

            return schema;
        }

        return schema;
    }
}
