using System.Security.Cryptography;
using System.Text;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>Checks GitHub's <c>X-Hub-Signature-256</c> header (HMAC-SHA256 of the raw body, hex) in constant time.</summary>
public static class GitHubWebhookSignature
{
    /// <summary>Computes the header value GitHub would send for <paramref name="body"/>: <c>sha256=&lt;hex&gt;</c>.</summary>
    public static string Compute(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>Whether <paramref name="header"/> is the valid signature of <paramref name="body"/>. A missing or malformed header is invalid.</summary>
    public static bool IsValid(string secret, ReadOnlySpan<byte> body, string? header)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (header is null || !header.StartsWith("sha256=", StringComparison.Ordinal) || header.Length != 7 + 64)
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(7));
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
