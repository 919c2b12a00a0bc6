using AgentOps.Core.Commands;
using AgentOps.Host.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentOps.Host.Server.Api;

/// <summary>
/// <c>POST /api/v1/commands</c> runs one command of the shared grammar (read-only verbs need the read role, the others
/// the write role); <c>GET /api/v1/commands</c> lists the verbs.
/// </summary>
public static partial class CommandApi
{
    /// <summary>Maps the command routes on <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapCommandApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var commands = api.MapGroup("/commands").WithTags("commands");
        commands.MapGet("/", () => ApiResults.Ok(new
        {
            items = CommandCatalog.All.Select(c => new { verb = c.Name, summary = c.Summary, usage = c.Usage, read_only = c.IsRead, options = c.Options }).ToList(),
        })).WithName("ListCommands").WithSummary("The verbs of the command grammar, with their usage.");
        commands.MapPost("/", RunAsync).WithName("RunCommand")
            .WithSummary("Runs a command, e.g. {\"text\": \"/pm:issue-start 3\", \"actor\": \"ops-bot\"}; the actor is recorded as actor (key name).")
            .Accepts<CommandRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return api;
    }

    private static async Task<IResult> RunAsync(HttpContext http, CommandRequest? request, CommandExecutor executor, CancellationToken ct)
    {
        if (request?.Text is not { Length: > 0 } text)
        {
            return ApiResults.BadRequest("Body must be JSON {\"text\": \"/pm:status\", \"actor\": \"name\"}.");
        }

        if (text.Any(char.IsControl))
        {
            return ApiResults.BadRequest("text must be one command on one line (no line breaks or control characters).");
        }

        if (text.IndexOf("/pm:", 1, StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return ApiResults.BadRequest("text must hold one command: '/pm:' may only start it.");
        }

        if (request.Actor is { } name && !ActorName().IsMatch(name))
        {
            return ApiResults.BadRequest("actor must be a plain name of 1 to 64 letters, digits, spaces, '.', '_', '@' or '-'.");
        }

        ParsedCommand parsed;
        try
        {
            parsed = CommandParser.Parse(text);
        }
        catch (CommandParseException ex)
        {
            return ApiResults.BadRequest(ex.Message, "bad command");
        }

        var caller = http.User.GetApiKeyIdentity();
        if (!parsed.Spec.IsRead && caller is null)
        {
            return Results.Challenge(authenticationSchemes: [AgentOpsAuth.Scheme]);
        }

        if (!parsed.Spec.IsRead && caller is not { Role: >= ApiRole.Write })
        {
            return ApiResults.Forbidden($"'{parsed.Verb}' changes state: it needs an API key with the write role.");
        }

        var keyName = caller?.Name ?? "anonymous";
        var actor = string.IsNullOrWhiteSpace(request.Actor) ? keyName : $"{request.Actor.Trim()} ({keyName})";
        var result = await executor.ExecuteAsync(parsed, new CommandActor(actor, "api"), ct).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => ApiResults.Ok(new { text = result.Text, data = result.Data }),
            2 => ApiResults.BadRequest(result.Text, "bad command"),
            _ => ApiResults.Conflict(result.Text, "command refused"),
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[\p{L}\p{N} ._@-]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex ActorName();
}
