using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AgentOps.Core.Commands;
using AgentOps.Core.Persistence;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentOps.Host.Server.Dashboard;

/// <summary>
/// The dashboard's pages: <c>/</c> (board), <c>/incidents/{id}</c>, the approve action, live updates
/// (<c>/events</c>, <c>/incidents/{id}/events</c>), <c>/login</c> and <c>/logout</c>, and its two assets.
/// Pages need a login unless <c>Server:AllowAnonymousRead</c>; approving always does, and every POST checks an
/// anti-forgery token.
/// </summary>
public static class DashboardEndpoints
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(20);

    /// <summary>Maps the dashboard. Needs <see cref="DashboardServiceCollectionExtensions.AddAgentOpsDashboard"/>.</summary>
    public static IEndpointRouteBuilder MapAgentOpsDashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // Authentication is done here, per page, with the dashboard's own scheme: other authentication set up for
        // the API (API keys, fallback policies) neither applies to nor blocks these pages.
        var dashboard = endpoints.MapGroup(string.Empty).AllowAnonymous().ExcludeFromDescription();
        dashboard.MapGet("/dashboard/assets/{name}", (string name, HttpContext http) => DashboardAssets.Serve(name, http));
        dashboard.MapGet("/login", LoginFormAsync);
        dashboard.MapPost("/login", LoginAsync);
        dashboard.MapPost("/logout", LogoutAsync);
        dashboard.MapGet("/", BoardAsync);
        dashboard.MapGet("/incidents/{id}", IncidentAsync);
        dashboard.MapPost("/incidents/{id}/communications/{communicationId}/approve", ApproveAsync);
        dashboard.MapGet("/events", BoardEventsAsync);
        dashboard.MapGet("/incidents/{id}/events", IncidentEventsAsync);
        return endpoints;
    }

    private static bool AnonymousRead(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.AllowAnonymousRead;

    private static async Task<IResult> LoginFormAsync(HttpContext http, IAntiforgery antiforgery, ApiKeyVerifier keys, TimeProvider time, string? returnUrl)
    {
        var target = DashboardAuthentication.IsLocalPath(returnUrl) ? returnUrl! : "/";
        var user = await DashboardAuthentication.AuthenticateAsync(http).ConfigureAwait(false);
        if (user is not null)
        {
            return Results.Redirect(target);
        }

        var token = antiforgery.GetAndStoreTokens(http).RequestToken;
        var main = LoginPage.Render(token, target, null, keys.HasKeys);
        return DashboardPage.Result(DashboardPage.Render("Log in", main, time.GetUtcNow(), null, null, null));
    }

    private static async Task<IResult> LoginAsync(HttpContext http, IAntiforgery antiforgery, ApiKeyVerifier keys, TimeProvider time, ILoggerFactory loggers)
    {
        if (await RejectForgeryAsync(http, antiforgery).ConfigureAwait(false) is { } rejected)
        {
            return rejected;
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var key = form["key"].ToString();
        var returnUrl = form["returnUrl"].ToString();
        var target = DashboardAuthentication.IsLocalPath(returnUrl) ? returnUrl : "/";
        if (keys.Verify(key) is null)
        {
            loggers.CreateLogger(typeof(DashboardEndpoints)).LogWarning("Dashboard login refused from {RemoteAddress}: unknown API key", http.Connection.RemoteIpAddress);
            var token = antiforgery.GetAndStoreTokens(http).RequestToken;
            var main = LoginPage.Render(token, target, "That API key is not valid.", keys.HasKeys);
            return DashboardPage.Result(DashboardPage.Render("Log in", main, time.GetUtcNow(), null, null, null), StatusCodes.Status401Unauthorized);
        }

        var principal = DashboardAuthentication.Principal(form["name"].ToString(), key);
        await http.SignInAsync(DashboardAuthentication.Scheme, principal).ConfigureAwait(false);
        loggers.CreateLogger(typeof(DashboardEndpoints)).LogInformation("Dashboard login: {Actor}", DashboardAuthentication.ActorName(principal));
        return Results.Redirect(target);
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        await DashboardAuthentication.AuthenticateAsync(http).ConfigureAwait(false);
        if (await RejectForgeryAsync(http, antiforgery).ConfigureAwait(false) is { } rejected)
        {
            return rejected;
        }

        await http.SignOutAsync(DashboardAuthentication.Scheme).ConfigureAwait(false);
        return Results.Redirect("/login");
    }

    private static async Task<IResult> BoardAsync(HttpContext http, IIncidentStore store, IAntiforgery antiforgery, TimeProvider time, IOptions<DashboardOptions> options, string? priority, string? state, string? q, string? breached)
    {
        var user = await DashboardAuthentication.AuthenticateAsync(http).ConfigureAwait(false);
        if (user is null && !AnonymousRead(http))
        {
            return Results.Challenge(properties: null, authenticationSchemes: [DashboardAuthentication.Scheme]);
        }

        var now = time.GetUtcNow();
        var open = await store.ListSummariesAsync(IncidentQuery.Open with { Limit = options.Value.BoardLimit }, http.RequestAborted).ConfigureAwait(false);
        var main = BoardPage.Render(open, BoardFilter.Parse(priority, state, q, breached), now);
        var token = user is null ? null : antiforgery.GetAndStoreTokens(http).RequestToken;
        var events = $"/events?board={Uri.EscapeDataString(IncidentChangeFeed.Fingerprint(open.Select(i => new IncidentVersion(i.Id, i.Version))))}";
        return DashboardPage.Result(DashboardPage.Render("Board", main, now, user?.Identity?.Name, token, events));
    }

    private static async Task<IResult> IncidentAsync(HttpContext http, string id, IIncidentStore store, IAntiforgery antiforgery, TimeProvider time, GitHubLinks github, string? approved)
    {
        var user = await DashboardAuthentication.AuthenticateAsync(http).ConfigureAwait(false);
        if (user is null && !AnonymousRead(http))
        {
            return Results.Challenge(properties: null, authenticationSchemes: [DashboardAuthentication.Scheme]);
        }

        var incident = await store.FindAsync(id.ToUpperInvariant(), http.RequestAborted).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var token = user is null ? null : antiforgery.GetAndStoreTokens(http).RequestToken;
        if (incident is null)
        {
            var missing = Html.Format($"""<p class="crumbs"><a href="/">← Board</a></p><h1>Not found</h1><p class="empty">No incident {id}.</p>""");
            return DashboardPage.Result(DashboardPage.Render("Not found", missing, now, user?.Identity?.Name, token, null), StatusCodes.Status404NotFound);
        }

        var notice = approved is null ? null : incident.Communications.Find(c => string.Equals(c.Id, approved, StringComparison.OrdinalIgnoreCase)) is { } c
            ? $"{c.Id} approved: {c.Status.ToString().ToLowerInvariant()} for {c.To}."
            : null;
        var main = IncidentPage.Render(incident, new IncidentPage.Context(now, DashboardAuthentication.CanWrite(http, user), token, github.IssueUrl, notice));
        var events = $"{Html.IncidentPath(incident.Id)}/events?version={incident.Version}";
        return DashboardPage.Result(DashboardPage.Render(incident.Id, main, now, user?.Identity?.Name, token, events));
    }

    private static async Task<IResult> ApproveAsync(HttpContext http, string id, string communicationId, IIncidentStore store, IAntiforgery antiforgery, CommandExecutor executor, TimeProvider time, GitHubLinks github)
    {
        var user = await DashboardAuthentication.AuthenticateAsync(http).ConfigureAwait(false);
        if (user is null)
        {
            return Results.Challenge(properties: null, authenticationSchemes: [DashboardAuthentication.Scheme]);
        }

        if (await RejectForgeryAsync(http, antiforgery).ConfigureAwait(false) is { } rejected)
        {
            return rejected;
        }

        if (!DashboardAuthentication.CanWrite(http, user))
        {
            return Results.Problem("This API key can read the dashboard but not approve: approving needs a key with the write role.",
                statusCode: StatusCodes.Status403Forbidden, title: "forbidden");
        }

        var spec = CommandCatalog.Find("comms-send") ?? throw new InvalidOperationException("The command catalog has no comms-send.");
        var command = new ParsedCommand(spec, [id, communicationId], new Dictionary<string, string>(), Json: false);
        var result = await executor.ExecuteAsync(command, new CommandActor(DashboardAuthentication.ActorName(user), "dashboard"), http.RequestAborted).ConfigureAwait(false);
        if (result.ExitCode == 0)
        {
            return Results.Redirect($"{Html.IncidentPath(id.ToUpperInvariant())}?approved={Uri.EscapeDataString(communicationId)}#drafts");
        }

        var incident = await store.FindAsync(id.ToUpperInvariant(), http.RequestAborted).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var token = antiforgery.GetAndStoreTokens(http).RequestToken;
        var main = incident is null
            ? Html.Format($"""<p class="crumbs"><a href="/">← Board</a></p><p class="notice error" role="alert">{result.Text}</p>""")
            : IncidentPage.Render(incident, new IncidentPage.Context(now, CanApprove: true, token, github.IssueUrl, result.Text, NoticeIsError: true));
        var status = incident is null ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
        return DashboardPage.Result(DashboardPage.Render(incident?.Id ?? "Not found", main, now, user.Identity?.Name, token, null), status);
    }

    private static async Task<IResult> BoardEventsAsync(HttpContext http, IncidentChangeFeed feed, IHostApplicationLifetime lifetime, TimeProvider time, string? board)
    {
        if (await DashboardAuthentication.AuthenticateAsync(http).ConfigureAwait(false) is null && !AnonymousRead(http))
        {
            return Results.Challenge(properties: null, authenticationSchemes: [DashboardAuthentication.Scheme]);
        }

        var token = LinkedToken(http, lifetime);
        return TypedResults.ServerSentEvents(BoardChangesAsync(feed, board, time, token));
    }

    private static async Task<IResult> IncidentEventsAsync(HttpContext http, string id, IncidentChangeFeed feed, IHostApplicationLifetime lifetime, TimeProvider time, long? version)
    {
        if (await DashboardAuthentication.AuthenticateAsync(http).ConfigureAwait(false) is null && !AnonymousRead(http))
        {
            return Results.Challenge(properties: null, authenticationSchemes: [DashboardAuthentication.Scheme]);
        }

        var token = LinkedToken(http, lifetime);
        return TypedResults.ServerSentEvents(IncidentChangesAsync(feed, id.ToUpperInvariant(), version, time, token));
    }

    private static CancellationToken LinkedToken(HttpContext http, IHostApplicationLifetime lifetime)
    {
        // Ends the stream when the browser leaves or the server stops, so that shutting down never waits on a page.
        var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        http.Response.RegisterForDispose(linked);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return linked.Token;
    }

    private static async IAsyncEnumerable<SseItem<string>> BoardChangesAsync(IncidentChangeFeed feed, string? seen, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = seen;
        var quietSince = time.GetUtcNow();

        // Sent at once so that the browser sees the stream open (headers and all) before the first change.
        yield return new SseItem<string>("{}", "ready");
        await foreach (var snapshot in UntilCancelledAsync(feed.ListenAsync(null, cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            if (snapshot.BoardFingerprint != last)
            {
                last = snapshot.BoardFingerprint;
                quietSince = time.GetUtcNow();
                yield return new SseItem<string>(JsonSerializer.Serialize(new { board = last }), "changed");
            }
            else if (time.GetUtcNow() - quietSince > Heartbeat)
            {
                quietSince = time.GetUtcNow();
                yield return new SseItem<string>("{}", "ping");
            }
        }
    }

    private static async IAsyncEnumerable<SseItem<string>> IncidentChangesAsync(IncidentChangeFeed feed, string id, long? seen, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = seen;
        var quietSince = time.GetUtcNow();
        yield return new SseItem<string>("{}", "ready");
        await foreach (var snapshot in UntilCancelledAsync(feed.ListenAsync(id, cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            var version = snapshot.Versions.TryGetValue(id, out var v) ? v : (long?)null;
            if (version is not null && version != last)
            {
                last = version;
                quietSince = time.GetUtcNow();
                yield return new SseItem<string>(JsonSerializer.Serialize(new { incident = id, version }), "changed");
            }
            else if (time.GetUtcNow() - quietSince > Heartbeat)
            {
                quietSince = time.GetUtcNow();
                yield return new SseItem<string>("{}", "ping");
            }
        }
    }

    private static async IAsyncEnumerable<T> UntilCancelledAsync<T>(IAsyncEnumerable<T> source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var enumerator = source.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                bool moved;
                try
                {
                    moved = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }

                if (!moved)
                {
                    yield break;
                }

                yield return enumerator.Current;
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<IResult?> RejectForgeryAsync(HttpContext http, IAntiforgery antiforgery)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(http).ConfigureAwait(false);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return Results.Problem("The form has expired or did not come from this site: reload the page and try again.", statusCode: StatusCodes.Status400BadRequest, title: "anti-forgery check failed");
        }
    }
}
