using Microsoft.AspNetCore.Http;

namespace AgentOps.Host.Server.Dashboard;

/// <summary>The frame of every dashboard page: head (viewport, local stylesheet and script), top bar, main content.</summary>
public static class DashboardPage
{
    /// <summary>Path of the stylesheet.</summary>
    public const string StylesheetPath = "/dashboard/assets/dashboard.css";

    /// <summary>Path of the script.</summary>
    public const string ScriptPath = "/dashboard/assets/dashboard.js";

    /// <summary>A whole HTML document.</summary>
    /// <param name="title">The page title (encoded).</param>
    /// <param name="main">The content of <c>&lt;main&gt;</c>.</param>
    /// <param name="now">Server time, so that countdowns tick from the server's clock rather than the browser's.</param>
    /// <param name="user">Who is logged in, or <see langword="null"/>.</param>
    /// <param name="antiforgeryToken">Token for the logout form; required when <paramref name="user"/> is set.</param>
    /// <param name="eventsUrl">Where the page listens for changes (server-sent events), or <see langword="null"/> for a static page.</param>
    public static string Render(string title, HtmlFragment main, DateTimeOffset now, string? user, string? antiforgeryToken, string? eventsUrl)
    {
        var account = user is null
            ? Html.Format($"""<a href="/login">Log in</a>""")
            : Html.Format($"""<span class="who">{user}</span> <form method="post" action="/logout" class="inline"><input type="hidden" name="__RequestVerificationToken" value="{antiforgeryToken}"><button type="submit" class="link">Log out</button></form>""");
        var events = eventsUrl is null ? HtmlFragment.Empty : Html.Format($" data-events=\"{eventsUrl}\"");
        return Html.Format($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · AgentOps</title>
            <link rel="stylesheet" href="{StylesheetPath}">
            <script src="{ScriptPath}" defer></script>
            </head>
            <body data-now="{now:O}">
            <header class="top"><a class="brand" href="/">AgentOps</a><nav>{account}</nav></header>
            <main id="main"{events}>
            {main}
            </main>
            <p id="live" class="live" role="status" aria-live="polite"></p>
            </body>
            </html>
            """).Value;
    }

    /// <summary>Writes a page with the security headers every dashboard page carries (no inline script or style allowed).</summary>
    public static IResult Result(string html, int statusCode = StatusCodes.Status200OK) => new PageResult(html, statusCode);

    private sealed class PageResult(string html, int statusCode) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ApplySecurityHeaders(httpContext.Response);
            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            return httpContext.Response.WriteAsync(html, httpContext.RequestAborted);
        }
    }

    /// <summary>Content-Security-Policy (same-origin only, no inline code), no framing, no sniffing, no referrer, no caching.</summary>
    public static void ApplySecurityHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
    }
}
