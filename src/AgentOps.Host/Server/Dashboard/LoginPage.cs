namespace AgentOps.Host.Server.Dashboard;

/// <summary>The login form: the user pastes an API key (checked against <c>Server:ApiKeyHashes</c>) and says who they are.</summary>
public static class LoginPage
{
    /// <summary>The content of the page.</summary>
    /// <param name="antiforgeryToken">Token for the form.</param>
    /// <param name="returnUrl">A local path to go back to after logging in.</param>
    /// <param name="error">Why the last attempt failed, or <see langword="null"/>.</param>
    /// <param name="keysConfigured">Whether any API key is configured at all (if not, nobody can log in: say so).</param>
    public static HtmlFragment Render(string? antiforgeryToken, string returnUrl, string? error, bool keysConfigured)
    {
        var message = error is null ? HtmlFragment.Empty : Html.Format($"""<p class="notice error" role="alert">{error}</p>""");
        var noKeys = keysConfigured
            ? HtmlFragment.Empty
            : Html.Format($"""<p class="notice error">No API key is configured on this server, so nobody can log in: add the SHA-256 of a key to <code>Server:ApiKeyHashes</code> (see README).</p>""");
        return Html.Format($"""
            <div class="login">
            <h1>Log in</h1>
            {noKeys}{message}
            <form method="post" action="/login" class="stack">
            <input type="hidden" name="__RequestVerificationToken" value="{antiforgeryToken}">
            <input type="hidden" name="returnUrl" value="{returnUrl}">
            <label>API key <input type="password" name="key" autocomplete="current-password" required autofocus></label>
            <label>Your name <span class="hint">(shown on the timeline when you approve)</span> <input type="text" name="name" maxlength="64" autocomplete="username"></label>
            <button type="submit">Log in</button>
            </form>
            </div>
            """);
    }
}
