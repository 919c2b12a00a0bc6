using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentOps.Host.Server.Security;

/// <summary>
/// The <c>ApiKey</c> authentication scheme: reads the key from <c>X-Api-Key</c>, <c>Authorization: Bearer</c>, or (for
/// GET and HEAD only, so that a browser page cannot be made to post with it) the <c>agentops_api_key</c> cookie;
/// verifies it against the hashes of <see cref="ServerOptions"/>; answers 401/403 with problem details.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AgentOps.Host.Server.ApiKeyVerifier verifier,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = AgentOpsAuth.ReadKey(Request);
        if (key is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (verifier.Verify(key) is not { } identity)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, identity.Name), new(AgentOpsAuth.RoleClaim, identity.Role.ToString()) };
        claims.AddRange(Enum.GetValues<ApiRole>().Where(r => r <= identity.Role).Select(r => new Claim(ClaimTypes.Role, AgentOpsAuth.RoleName(r))));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{AgentOpsAuth.Scheme} header=\"{AgentOpsAuth.HeaderName}\"";
        var detail = AgentOpsAuth.ReadKey(Request) is null
            ? $"An API key is required: send it in the {AgentOpsAuth.HeaderName} header."
            : "The API key is not valid.";
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "unauthorized", detail);
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var role = Context.User.FindFirst(AgentOpsAuth.RoleClaim)?.Value ?? "none";
        return WriteProblemAsync(StatusCodes.Status403Forbidden, "forbidden", $"The API key's role ({role}) does not allow this request.");
    }

    private async Task WriteProblemAsync(int status, string title, string detail) =>
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false);
}
