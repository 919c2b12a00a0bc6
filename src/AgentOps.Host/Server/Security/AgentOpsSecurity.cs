using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using AgentOps.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace AgentOps.Host.Server.Security;

/// <summary>Wires the web host's protections: API keys, request size limits, rate limiting per source address, loopback binding.</summary>
public static class AgentOpsSecurity
{
    /// <summary>Registers authentication (<see cref="AgentOpsAuth"/>) and the per-source rate limiter (429 with <c>Retry-After</c> and problem details).</summary>
    public static IServiceCollection AddAgentOpsSecurity(this IServiceCollection services, ServerOptions server)
    {
        ArgumentNullException.ThrowIfNull(server);
        services.AddAgentOpsAuth();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var source = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                // Partitions are cached by key: the unlimited ones must not share a key with a source's window.
                return server.RateLimitPermits == 0 || IsProbe(http.Request.Path)
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetFixedWindowLimiter(source, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = server.RateLimitPermits,
                        Window = server.RateLimitWindow,
                        QueueLimit = 0,
                    });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : server.RateLimitWindow;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "too many requests",
                        Detail = string.Create(CultureInfo.InvariantCulture, $"More than {server.RateLimitPermits} requests in {server.RateLimitWindow} from this address; retry in {seconds} s."),
                    },
                }).ConfigureAwait(false);
            };
        });
        return services;
    }

    /// <summary>Adds the middlewares in order: size limits (after routing, so endpoint limits apply), rate limiting, authentication, authorization.</summary>
    public static WebApplication UseAgentOpsSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRouting();
        app.UseMiddleware<RequestSizeLimitMiddleware>();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Checks that every address of <paramref name="urls"/> is loopback, unless <see cref="ServerOptions.AllowRemote"/>.</summary>
    /// <exception cref="ConfigurationException">An address is not loopback and remote access is not allowed; the message names the key.</exception>
    public static void EnsureLoopback(string urls, ServerOptions server)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(server);
        if (server.AllowRemote)
        {
            return;
        }

        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsLoopback(url))
            {
                throw new ConfigurationException(
                    $"Configuration error: Server:Urls: {url} listens beyond loopback; set Server:AllowRemote=true (with API keys) to allow it.");
            }
        }
    }

    private static bool IsLoopback(string url)
    {
        // Kestrel accepts wildcard hosts (*, +) that Uri does not parse.
        var host = Uri.TryCreate(url.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            ? uri.Host.Trim('[', ']')
            : string.Empty;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
