using System.Text.Json.Nodes;

namespace AgentOps.Infrastructure.Tests.GitHub;

/// <summary>Real webhook payloads from npm <c>@octokit/webhooks-examples</c>, installed at test time.</summary>
internal static class WebhookExamples
{
    public const string Version = "7.6.1";

    private static JsonArray? _index;

    /// <summary>A copy of the first example of <paramref name="eventName"/> with <paramref name="action"/>.</summary>
    public static async Task<JsonObject> GetAsync(string eventName, string action)
    {
        if (_index is null)
        {
            var folder = await NpmPackage.EnsureAsync("@octokit/webhooks-examples", Version);
            _index = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "api.github.com", "index.json")))!.AsArray();
        }

        var examples = _index.Single(e => (string)e!["name"]! == eventName)!["examples"]!.AsArray();
        var example = examples.First(e => (string)e!["action"]! == action)
            ?? throw new InvalidOperationException($"@octokit/webhooks-examples has no {eventName}.{action} example.");
        return example.DeepClone().AsObject();
    }

    /// <summary>An <c>issue_comment.created</c> payload, retargeted at our repository, issue and commenter.</summary>
    public static async Task<JsonObject> CommentAsync(JsonObject issue, long commentId, string login, string body)
    {
        var payload = await GetAsync("issue_comment", "created");
        Retarget(payload, issue);
        var comment = payload["comment"]!.AsObject();
        comment["id"] = commentId;
        comment["body"] = body;
        comment["user"]!["login"] = login;
        payload["sender"]!["login"] = login;
        return payload;
    }

    /// <summary>An <c>issues</c> payload (<c>closed</c> is built from the real <c>reopened</c> example, which has the same shape).</summary>
    public static async Task<JsonObject> IssueAsync(string action, JsonObject issue, string login)
    {
        var payload = await GetAsync("issues", action == "closed" ? "reopened" : action);
        payload["action"] = action;
        Retarget(payload, issue);
        payload["sender"]!["login"] = login;
        return payload;
    }

    private static void Retarget(JsonObject payload, JsonObject issue)
    {
        var target = payload["issue"]!.AsObject();
        foreach (var name in new[] { "number", "id", "title", "body", "state", "state_reason", "closed_at" })
        {
            target[name] = issue[name]?.DeepClone();
        }

        payload["repository"]!["full_name"] = "acme/ops";
        payload["repository"]!["name"] = "ops";
    }
}
