using System.Globalization;
using System.Net;
using System.Text.Json;
using AgentOps.Core.Commands;
using AgentOps.Infrastructure.Chat;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentOps.Host.Server.Chat;

/// <summary>
/// Handles a Microsoft Teams outgoing webhook call (<c>@AgentOps issue-start 3</c>): verifies the HMAC (401, nothing read
/// further), refuses an activity older than the replay window or seen before (401), reads the activity (400 when
/// malformed), and answers synchronously with a message activity. A command still running after
/// <see cref="TeamsChatOptions.ReplyTimeout"/> is answered "still running" and completes in the background.
/// </summary>
public sealed class TeamsCommandHandler(
    IOptions<ChatOptions> options,
    ChatPermissions permissions,
    ChatReplayCache replays,
    CommandExecutor executor,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<TeamsCommandHandler> logger)
{
    /// <summary>Longest command output in a reply (Teams refuses messages over about 28 KB, and HTML encoding adds some).</summary>
    public const int MaxChars = 20_000;

    /// <summary>Handles one request.</summary>
    /// <param name="authorization">The <c>Authorization</c> header (<c>HMAC base64</c>).</param>
    /// <param name="body">The raw body, exactly as received.</param>
    /// <param name="cancellationToken">The request is aborted (a command already started still completes).</param>
    public async Task<IResult> HandleAsync(string? authorization, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var chat = options.Value;
        if (string.IsNullOrEmpty(chat.Teams.SecurityToken))
        {
            return Results.Text("Teams commands are not configured (Chat:Teams:SecurityToken).", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var check = TeamsSignature.Verify(chat.Teams.SecurityToken, authorization, body);
        if (check != ChatSignatureResult.Valid)
        {
            logger.LogWarning("Teams request refused: signature {Check}", check);
            return Results.Text($"signature {check.ToString().ToLowerInvariant()}", statusCode: StatusCodes.Status401Unauthorized);
        }

        string text;
        string? userId;
        string? aadObjectId;
        string? userName;
        DateTimeOffset sent;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement : throw new JsonException("the body must be a JSON object");
            text = Text(root, "text") ?? throw new JsonException("text is required");
            var from = root.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.Object ? f : throw new JsonException("from is required");
            userId = Text(from, "id");
            aadObjectId = Text(from, "aadObjectId");
            userName = Text(from, "name");
            if (userId is null && aadObjectId is null)
            {
                throw new JsonException("from.id or from.aadObjectId is required");
            }

            sent = DateTimeOffset.TryParse(Text(root, "timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : throw new JsonException("timestamp is required (ISO 8601)");
        }
        catch (JsonException ex)
        {
            return Results.Text($"Malformed activity: {ex.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        if ((time.GetUtcNow() - sent).Duration() > chat.ReplayWindow || !replays.TryRecord(authorization!))
        {
            logger.LogWarning("Teams request refused: replayed (sent {Sent})", sent);
            return Results.Text("signature replayed", statusCode: StatusCodes.Status401Unauthorized);
        }

        var user = aadObjectId ?? userId!;
        var parsed = ChatCommandGate.Admit(ChatText.TeamsCommand(text), permissions.RoleOf(aadObjectId, userId), user, out var refusal);
        if (parsed is null)
        {
            return Message(refusal);
        }

        var actor = new CommandActor($"teams:{userName ?? user}", "chat");
        var run = executor.ExecuteAsync(parsed, actor, lifetime.ApplicationStopping);
        var finished = await Task.WhenAny(run, Task.Delay(chat.Teams.ReplyTimeout, time, cancellationToken)).ConfigureAwait(false);
        if (finished != run)
        {
            _ = run.ContinueWith(
                t => logger.LogInformation("Teams command {Verb} from {Actor} finished late: {Outcome}", parsed.Verb, actor.Name, t.IsCompletedSuccessfully ? $"exit {t.Result.ExitCode}" : t.Exception?.GetBaseException().Message),
                CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            return Message($"'{parsed.Verb}' is still running; it continues in the background (see 'status' in a moment).");
        }

        CommandResult result;
        try
        {
            result = await run.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Teams command {Verb} from {Actor} failed", parsed.Verb, actor.Name);
            return Message($"'{parsed.Verb}' failed inside AgentOps ({ex.GetType().Name}); the operators have the details in the log.");
        }

        var verdict = result.ExitCode switch { 0 => string.Empty, 2 => " (usage error, nothing was done)", _ => " (refused, nothing was done)" };
        return Results.Json(new
        {
            type = "message",
            text = $"pm {WebUtility.HtmlEncode(string.Join(' ', [parsed.Verb, .. parsed.Arguments]))}{verdict}:<pre>{WebUtility.HtmlEncode(ChatText.Truncate(result.Text, MaxChars))}</pre>",
        });
    }

    private static IResult Message(string text) => Results.Json(new { type = "message", text = WebUtility.HtmlEncode(text) });

    private static string? Text(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new JsonException($"{name} must be a string");
}
