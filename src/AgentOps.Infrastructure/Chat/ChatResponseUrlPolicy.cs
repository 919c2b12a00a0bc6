using System.Net;

namespace AgentOps.Infrastructure.Chat;

/// <summary>
/// Whether a Slack <c>response_url</c> may be called: an absolute https URL on an allowed host, or plain http to a loopback
/// address that is itself listed (tests, local relays). No credentials in the URL.
/// </summary>
public static class ChatResponseUrlPolicy
{
    /// <summary>The URL to POST to, or <see langword="null"/> when <paramref name="responseUrl"/> is not allowed.</summary>
    public static Uri? Check(string? responseUrl, IReadOnlyList<string> allowedHosts)
    {
        ArgumentNullException.ThrowIfNull(allowedHosts);
        if (string.IsNullOrWhiteSpace(responseUrl) || !Uri.TryCreate(responseUrl, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0)
        {
            return null;
        }

        var host = uri.IdnHost;
        if (!allowedHosts.Any(h => string.Equals(h.Trim().TrimEnd('.'), host.TrimEnd('.'), StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var loopback = IPAddress.TryParse(host.Trim('[', ']'), out var address) ? IPAddress.IsLoopback(address) : string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);
        return uri.Scheme switch
        {
            "https" => uri,
            "http" when loopback => uri,
            _ => null,
        };
    }
}
