using System.Text.Json;
using System.Text.Json.Nodes;
using AgentOps.Infrastructure.Diagnostics.Drills;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AgentOps.Infrastructure.Tests.Ai;

/// <summary>
/// An OpenAI-compatible chat completions server on loopback that answers from a script, one step per request, and
/// keeps the requests it received. It also serves <c>GET /health</c> with a configurable body, used as a probe target.
/// </summary>
internal sealed class ScriptedChatServer : IAsyncDisposable
{
    private readonly Queue<JsonObject> _script = new();
    private readonly List<JsonDocument> _requests = [];
    private DrillWebApp? _app;

    public TimeSpan Delay { get; set; }

    public string HealthBody { get; set; } = "{\"status\":\"up\"}";

    /// <summary>Answer repeated when the script is empty; by default a final text answer.</summary>
    public JsonObject Fallback { get; set; } = Text("done");

    public Uri Endpoint => new(_app!.Url, "v1/");

    public Uri HealthUrl => new(_app!.Url, "health");

    public IReadOnlyList<JsonDocument> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<ScriptedChatServer> StartAsync()
    {
        var server = new ScriptedChatServer();
        server._app = await DrillWebApp.StartAsync(
            app =>
            {
                app.MapGet("/health", () => Results.Text(server.HealthBody, "application/json"));
                app.MapPost("/v1/chat/completions", server.CompleteAsync);
            },
            CancellationToken.None);
        return server;
    }

    public ScriptedChatServer Then(JsonObject step)
    {
        _script.Enqueue(step);
        return this;
    }

    /// <summary>A step asking for tool calls: (function name as plugin-function, raw arguments text).</summary>
    public static JsonObject ToolCalls(params (string Name, string Arguments)[] calls) =>
        Message(
            new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = null,
                ["tool_calls"] = new JsonArray(calls.Select((c, i) => (JsonNode)new JsonObject
                {
                    ["id"] = $"call_{Guid.NewGuid():N}"[..16] + i,
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
                }).ToArray()),
            },
            "tool_calls");

    public static JsonObject Text(string content) =>
        Message(new JsonObject { ["role"] = "assistant", ["content"] = content }, "stop");

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        lock (_requests)
        {
            _requests.ForEach(r => r.Dispose());
        }
    }

    private static JsonObject Message(JsonObject message, string finishReason) =>
        new()
        {
            ["id"] = "chatcmpl-test",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = "scripted",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finishReason }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 },
        };

    private async Task<IResult> CompleteAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        lock (_requests)
        {
            _requests.Add(document);
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        JsonObject step;
        lock (_script)
        {
            step = _script.Count > 0 ? _script.Dequeue() : (JsonObject)Fallback.DeepClone();
        }

        return Results.Text(step.ToJsonString(), "application/json");
    }
}
