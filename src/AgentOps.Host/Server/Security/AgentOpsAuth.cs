using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentOps.Host.Server.Security;

/// <summary>
/// The one place where API authentication and authorization are defined. Endpoints opt in with
/// <see cref="RequireAgentOpsRole{TBuilder}"/>; handlers read the caller with <see cref="GetApiKeyIdentity"/>.
/// </summary>
public static class AgentOpsAuth
{
    /// <summary>The authentication scheme name (also the default scheme).</summary>
    public const string Scheme = "ApiKey";

    /// <summary>The request header carrying the key.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>The cookie carrying the key for browser pages (accepted on GET and HEAD only).</summary>
    public const string CookieName = "agentops_api_key";

    /// <summary>The claim holding the key's highest role (<c>Read</c>, <c>Write</c>, <c>Admin</c>).</summary>
    public const string RoleClaim = "agentops:role";

    /// <summary>The authorization policy name for <paramref name="role"/>: <c>agentops:read</c>, <c>agentops:write</c>, <c>agentops:admin</c>.</summary>
    public static string PolicyName(ApiRole role) => "agentops:" + RoleName(role);

    /// <summary>The role claim value of <paramref name="role"/>: <c>read</c>, <c>write</c> or <c>admin</c>.</summary>
    public static string RoleName(ApiRole role) => role.ToString().ToLowerInvariant();

    /// <summary>
    /// Registers the <c>ApiKey</c> scheme and one policy per role. The read policy lets anonymous callers through when
    /// <see cref="ServerOptions.AllowAnonymousRead"/> is set (a key that is sent must still be valid).
    /// </summary>
    public static IServiceCollection AddAgentOpsAuth(this IServiceCollection services)
    {
        services.AddSingleton(sp => new AgentOps.Host.Server.ApiKeyVerifier(sp.GetRequiredService<IOptions<ServerOptions>>().Value));
        services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(Scheme, _ => { });
        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<ServerOptions>>((authorization, server) =>
        {
            var anonymousRead = server.Value.AllowAnonymousRead;
            authorization.AddPolicy(PolicyName(ApiRole.Read), p => p
                .AddAuthenticationSchemes(Scheme)
                .RequireAssertion(ctx => ctx.User.IsInRole(RoleName(ApiRole.Read))
                    || (anonymousRead && ctx.Resource is HttpContext http && ReadKey(http.Request) is null)));
            authorization.AddPolicy(PolicyName(ApiRole.Write), p => p.AddAuthenticationSchemes(Scheme).RequireRole(RoleName(ApiRole.Write)));
            authorization.AddPolicy(PolicyName(ApiRole.Admin), p => p.AddAuthenticationSchemes(Scheme).RequireRole(RoleName(ApiRole.Admin)));
        });
        return services;
    }

    /// <summary>Requires an API key of at least <paramref name="role"/> on an endpoint or a group (401 without a valid key, 403 with too small a role).</summary>
    public static TBuilder RequireAgentOpsRole<TBuilder>(this TBuilder builder, ApiRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PolicyName(role));

    /// <summary>The caller's verified key, or <see langword="null"/> when anonymous.</summary>
    public static ApiKeyIdentity? GetApiKeyIdentity(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity is { IsAuthenticated: true, Name: { } name } && Enum.TryParse<ApiRole>(user.FindFirst(RoleClaim)?.Value, out var role)
            ? new ApiKeyIdentity(name, role)
            : null;
    }

    /// <summary>The key sent with <paramref name="request"/>: <c>X-Api-Key</c>, <c>Authorization: Bearer</c>, or the cookie on GET/HEAD.</summary>
    public static string? ReadKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers[HeaderName].FirstOrDefault() is { Length: > 0 } header)
        {
            return header;
        }

        if (request.Headers.Authorization.FirstOrDefault() is { } authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && authorization[7..].Trim() is { Length: > 0 } bearer)
        {
            return bearer;
        }

        return (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && request.Cookies.TryGetValue(CookieName, out var cookie) && cookie is { Length: > 0 }
            ? cookie
            : null;
    }
}
