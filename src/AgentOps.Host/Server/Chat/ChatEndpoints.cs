using AgentOps.Infrastructure.Chat;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentOps.Host.Server.Chat;

/// <summary>Maps the chat endpoints: <c>POST /chat/slack</c> and <c>POST /chat/teams</c>.</summary>
public static class ChatEndpoints
{
    /// <summary>
    /// Maps both endpoints. Each answers 503 while its secret is not configured, 413 for a body over
    /// <see cref="ChatOptions.MaxBodyBytes"/>, 401 for a missing, wrong or replayed signature, 400 for a malformed body.
    /// </summary>
    public static IEndpointRouteBuilder MapChat(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/chat/slack", async (HttpContext http, CancellationToken cancellationToken) =>
        {
            var body = await ReadBodyAsync(http, cancellationToken).ConfigureAwait(false);
            return body is null
                ? TooLarge()
                : http.RequestServices.GetRequiredService<SlackCommandHandler>().Handle(
                    http.Request.ContentType,
                    http.Request.Headers["X-Slack-Request-Timestamp"].FirstOrDefault(),
                    http.Request.Headers["X-Slack-Signature"].FirstOrDefault(),
                    body);
        });
        endpoints.MapPost("/chat/teams", async (HttpContext http, CancellationToken cancellationToken) =>
        {
            var body = await ReadBodyAsync(http, cancellationToken).ConfigureAwait(false);
            return body is null
                ? TooLarge()
                : await http.RequestServices.GetRequiredService<TeamsCommandHandler>().HandleAsync(
                    http.Request.Headers.Authorization.FirstOrDefault(), body, cancellationToken).ConfigureAwait(false);
        });
        return endpoints;
    }

    private static IResult TooLarge() => Results.Text("payload too large", statusCode: StatusCodes.Status413PayloadTooLarge);

    /// <summary>The raw body, or <see langword="null"/> when it is larger than <see cref="ChatOptions.MaxBodyBytes"/> (declared or actual).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var max = http.RequestServices.GetRequiredService<IOptions<ChatOptions>>().Value.MaxBodyBytes;
        if (http.Request.ContentLength > max)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
