using System.Net;
using System.Text.RegularExpressions;

namespace AgentOps.Dashboard.Tests.Server.Dashboard;

/// <summary>An HTTP client with its own cookies that logs in through the form, as a browser would.</summary>
public sealed partial class DashboardSession(DashboardServer server) : IDisposable
{
    public CookieContainer Cookies { get; } = new();

    private HttpClient? _http;

    public HttpClient Http => _http ??= server.CreateClient(Cookies);

    /// <summary>The anti-forgery token of the form on <paramref name="path"/>.</summary>
    public async Task<string> TokenAsync(string path)
    {
        var html = await Http.GetStringAsync(path);
        return TokenPattern().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"No anti-forgery token on {path}.");
    }

    /// <summary>Posts the login form with <paramref name="key"/>.</summary>
    public async Task<HttpResponseMessage> LoginAsync(string key, string name = "tester", string returnUrl = "/") =>
        await Http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await TokenAsync("/login"),
            ["key"] = key,
            ["name"] = name,
            ["returnUrl"] = returnUrl,
        }));

    public void Dispose() => _http?.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
