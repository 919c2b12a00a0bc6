using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>Maps the GitHub webhook endpoint into the <c>serve</c> web host.</summary>
public static class GitHubEndpointRouteBuilderExtensions
{
    /// <summary>The largest body accepted: GitHub caps webhook payloads at 25 MB.</summary>
    public const long MaxBodyBytes = 25L * 1024 * 1024;

    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c> to <see cref="GitHubWebhookHandler"/>: 401 for a forged or unsigned
    /// delivery, 200 when handled or a duplicate, 202 when ignored, 400 for a malformed one.
    /// </summary>
    public static IEndpointConventionBuilder MapGitHubWebhook(this IEndpointRouteBuilder endpoints, string pattern = "/github/webhook")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(pattern, async (HttpContext http, CancellationToken cancellationToken) =>
        {
            if (http.Request.ContentLength > MaxBodyBytes)
            {
                return Results.Text("payload too large", statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            var handler = http.RequestServices.GetRequiredService<GitHubWebhookHandler>();
            var result = await handler.HandleAsync(
                http.Request.Headers["X-GitHub-Event"].ToString(),
                http.Request.Headers["X-GitHub-Delivery"].ToString(),
                http.Request.Headers["X-Hub-Signature-256"].FirstOrDefault(),
                buffer.ToArray(),
                cancellationToken).ConfigureAwait(false);
            return Results.Text(result.Message, statusCode: result.StatusCode);
        });
    }
}
