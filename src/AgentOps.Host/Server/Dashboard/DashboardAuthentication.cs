using AgentOps.Host.Server.Security;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AgentOps.Host.Server.Dashboard;

/// <summary>
/// The dashboard's login: a signed, HttpOnly, SameSite=Strict cookie (ASP.NET Core cookie authentication, keys from
/// Data Protection) issued after an API key was checked. Its own scheme, so it does not change how the API authenticates.
/// </summary>
public static class DashboardAuthentication
{
    /// <summary>The authentication scheme name.</summary>
    public const string Scheme = "AgentOps.Dashboard";

    /// <summary>The cookie name.</summary>
    public const string CookieName = "agentops.dashboard";

    /// <summary>Claim holding the first 8 hex digits of the SHA-256 of the key used (to tell keys apart, never the key).</summary>
    public const string KeyClaim = "agentops:key";

    /// <summary>Claim holding the whole SHA-256 of the key used (inside the encrypted cookie), so that removing a key ends its logins.</summary>
    public const string KeyHashClaim = "agentops:key-hash";

    /// <summary>
    /// The logged-in user of this request, or <see langword="null"/> (also when the key they logged in with is no longer
    /// configured); sets <see cref="HttpContext.User"/>, which anti-forgery tokens are bound to.
    /// </summary>
    public static async Task<ClaimsPrincipal?> AuthenticateAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var result = await http.AuthenticateAsync(Scheme).ConfigureAwait(false);
        if (!result.Succeeded || result.Principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var keys = http.RequestServices.GetRequiredService<ApiKeyVerifier>();
        if (!keys.IsConfiguredHash(result.Principal.FindFirst(KeyHashClaim)?.Value))
        {
            await http.SignOutAsync(Scheme).ConfigureAwait(false);
            return null;
        }

        http.User = result.Principal;
        return result.Principal;
    }

    /// <summary>Whether <paramref name="user"/> logged in with a key that has the write role (approving drafts needs it).</summary>
    public static bool CanWrite(HttpContext http, ClaimsPrincipal? user)
    {
        ArgumentNullException.ThrowIfNull(http);
        return user is not null
            && http.RequestServices.GetRequiredService<ApiKeyVerifier>().FindByHash(user.FindFirst(KeyHashClaim)?.Value) is { Role: >= ApiRole.Write };
    }

    /// <summary>The identity for a login: <paramref name="name"/> (or <c>dashboard</c>) and the key's fingerprint.</summary>
    public static ClaimsPrincipal Principal(string? name, string key)
    {
        var display = string.IsNullOrWhiteSpace(name) ? "dashboard" : name.Trim()[..Math.Min(64, name.Trim().Length)];
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, display), new Claim(KeyClaim, ApiKeyVerifier.Hash(key)[..8]), new Claim(KeyHashClaim, ApiKeyVerifier.Hash(key))],
            Scheme);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>Who the timeline names for <paramref name="user"/>, e.g. <c>alice (key 1a2b3c4d)</c>.</summary>
    public static string ActorName(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return $"{user.Identity?.Name ?? "dashboard"} (key {user.FindFirst(KeyClaim)?.Value ?? "?"})";
    }

    /// <summary>Whether <paramref name="returnUrl"/> is a path of this site (no open redirect to another host).</summary>
    public static bool IsLocalPath(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl)
        && returnUrl[0] == '/'
        && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
        && !returnUrl.Contains("\\", StringComparison.Ordinal)
        && !returnUrl.Any(char.IsControl);
}
