using System.Globalization;
using System.Text;
using AgentOps.Core.Commands;
using AgentOps.Infrastructure.Chat;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace AgentOps.Host.Server.Chat;

/// <summary>
/// Handles a Slack slash command (<c>/pm issue-start 3</c>): verifies the signature and its age (401, nothing read
/// further), reads the form (400 when malformed), parses the command and checks the user's role (a refusal or the command
/// list is the reply), then queues the command for <see cref="SlackResponseWorker"/> and acknowledges at once, well within
/// Slack's 3 seconds. The full result follows on <c>response_url</c>.
/// </summary>
public sealed class SlackCommandHandler(
    IOptions<ChatOptions> options,
    ChatPermissions permissions,
    ChatReplayCache replays,
    SlackResponseQueue queue,
    TimeProvider time,
    ILogger<SlackCommandHandler> logger)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Handles one request.</summary>
    /// <param name="contentType">The request's <c>Content-Type</c>.</param>
    /// <param name="timestamp"><c>X-Slack-Request-Timestamp</c>.</param>
    /// <param name="signature"><c>X-Slack-Signature</c>.</param>
    /// <param name="body">The raw body, exactly as received.</param>
    public IResult Handle(string? contentType, string? timestamp, string? signature, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var chat = options.Value;
        if (string.IsNullOrEmpty(chat.Slack.SigningSecret))
        {
            return Results.Text("Slack commands are not configured (Chat:Slack:SigningSecret).", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var check = SlackSignature.Verify(chat.Slack.SigningSecret, timestamp, signature, body, time.GetUtcNow(), chat.ReplayWindow);
        if (check == ChatSignatureResult.Valid && !replays.TryRecord(signature!))
        {
            check = ChatSignatureResult.Replayed;
        }

        if (check != ChatSignatureResult.Valid)
        {
            logger.LogWarning("Slack request refused: signature {Check}", check);
            return Results.Text($"signature {check.ToString().ToLowerInvariant()}", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (contentType is null || !contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Text("Content-Type must be application/x-www-form-urlencoded.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        Dictionary<string, StringValues> form;
        try
        {
            using var reader = new FormReader(StrictUtf8.GetString(body)) { ValueCountLimit = 64, KeyLengthLimit = 64, ValueLengthLimit = chat.MaxBodyBytes };
            form = reader.ReadForm();
        }
        catch (Exception ex) when (ex is DecoderFallbackException or InvalidDataException or ArgumentException)
        {
            return Results.Text($"Malformed form: {ex.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        if (Field(form, "ssl_check") == "1")
        {
            // Slack checks the certificate of a slash command URL with a signed POST carrying only ssl_check and token.
            return Results.Ok();
        }

        if (Field(form, "user_id") is not { Length: > 0 } userId || Field(form, "command") is not { Length: > 0 } command
            || Field(form, "text") is not { } text || Field(form, "response_url") is not { Length: > 0 } responseUrl)
        {
            return Results.Text("Malformed form: user_id, command, text and response_url are required, once each.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (chat.Slack.TeamId is { Length: > 0 } team && !string.Equals(Field(form, "team_id"), team, StringComparison.Ordinal))
        {
            return Results.Text("This workspace may not command AgentOps.", statusCode: StatusCodes.Status403Forbidden);
        }

        // "/pm" with text "issue-start 3", or a command registered as "/pm:issue-start" with text "3".
        var line = command.StartsWith("/pm:", StringComparison.OrdinalIgnoreCase) ? $"{command} {text}" : text;
        var parsed = ChatCommandGate.Admit(line, permissions.RoleOf(userId), userId, out var refusal);
        if (parsed is null)
        {
            return Ephemeral(refusal);
        }

        if (ChatResponseUrlPolicy.Check(responseUrl, chat.EffectiveResponseUrlHosts) is not { } target)
        {
            logger.LogWarning("Slack command {Verb} from {UserId} not run: response_url host not allowed", parsed.Verb, userId);
            return Ephemeral("This command's response_url is not on Chat:ResponseUrlHosts, so nothing was run. An AgentOps admin can allow its host.");
        }

        var userName = Field(form, "user_name") is { Length: > 0 } name ? name : userId;
        var job = new SlackResponseJob(parsed, new CommandActor($"slack:{userName}", "chat"), userId, target, time.GetUtcNow());
        if (!queue.TryEnqueue(job))
        {
            logger.LogWarning("Slack command {Verb} from {UserId} turned away: {Count} commands queued", parsed.Verb, userId, queue.Count);
            return Ephemeral(string.Create(CultureInfo.InvariantCulture, $"AgentOps is busy ({queue.Count} commands waiting), so nothing was run. Try again in a minute."));
        }

        return Ephemeral($"Running `pm {string.Join(' ', [parsed.Verb, .. parsed.Arguments])}`… the result follows here.");
    }

    private static IResult Ephemeral(string text) =>
        Results.Json(new { response_type = "ephemeral", text = ChatText.EscapeSlack(text) });

    private static string? Field(Dictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
}
