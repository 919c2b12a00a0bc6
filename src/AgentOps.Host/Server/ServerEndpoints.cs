using AgentOps.Core.Commands;
using AgentOps.Core.Persistence;
using AgentOps.Host.Server.Chat;
using AgentOps.Infrastructure.GitHub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentOps.Host.Server;

/// <summary>The HTTP surface of <c>agentops serve</c>: health, read API, commands and the GitHub webhook.</summary>
public static class ServerEndpoints
{
    /// <summary>Maps every endpoint.</summary>
    public static IEndpointRouteBuilder MapAgentOps(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet("/readyz", async (IIncidentStore store, CancellationToken ct) =>
        {
            try
            {
                await store.ListAsync(new IncidentQuery { Limit = 1 }, ct).ConfigureAwait(false);
                return Results.Json(new { store = "ok" });
            }
            catch (StoreException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "store unavailable");
            }
        });

        var api = endpoints.MapGroup("/api/v1");
        api.MapGet("/incidents", async (IIncidentStore store, TimeProvider time, int? limit, int? offset, CancellationToken ct) =>
        {
            var take = Math.Clamp(limit ?? 50, 1, 500);
            var skip = Math.Max(offset ?? 0, 0);
            var incidents = await store.ListAsync(new IncidentQuery { Limit = take, Offset = skip }, ct).ConfigureAwait(false);
            var now = time.GetUtcNow();
            return Results.Json(new { items = incidents.Select(i => IncidentViews.Summary(i, now)), limit = take, offset = skip }, Cli.CliOutput.Json);
        });
        api.MapGet("/incidents/{id}", async (string id, IIncidentStore store, TimeProvider time, CancellationToken ct) =>
        {
            var incident = await store.FindAsync(id.ToUpperInvariant(), ct).ConfigureAwait(false);
            return incident is null
                ? Results.Problem($"No incident {id}.", statusCode: StatusCodes.Status404NotFound, title: "not found")
                : Results.Json(IncidentViews.Detail(incident, time.GetUtcNow()), Cli.CliOutput.Json);
        });
        api.MapPost("/commands", async (HttpContext http, CommandRequest? request, ApiKeyVerifier keys, CommandExecutor executor, CancellationToken ct) =>
        {
            if (!keys.IsValid(http.Request.Headers["X-Api-Key"].FirstOrDefault()))
            {
                return Results.Problem("A valid X-Api-Key header is required for commands.", statusCode: StatusCodes.Status401Unauthorized, title: "unauthorized");
            }

            if (request?.Text is not { Length: > 0 } text)
            {
                return Results.Problem("Body must be JSON {\"text\": \"/pm:status\", \"actor\": \"name\"}.", statusCode: StatusCodes.Status400BadRequest, title: "bad request");
            }

            ParsedCommand parsed;
            try
            {
                parsed = CommandParser.Parse(text);
            }
            catch (CommandParseException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "bad command");
            }

            var result = await executor.ExecuteAsync(parsed, new CommandActor(request.Actor ?? "api", "api"), ct).ConfigureAwait(false);
            return result.ExitCode switch
            {
                0 => Results.Json(new { text = result.Text, data = result.Data }, Cli.CliOutput.Json),
                2 => Results.Problem(result.Text, statusCode: StatusCodes.Status400BadRequest, title: "bad command"),
                _ => Results.Problem(result.Text, statusCode: StatusCodes.Status409Conflict, title: "command refused"),
            };
        });
        endpoints.MapGitHubWebhook();
        endpoints.MapChat();
        return endpoints;
    }
}
