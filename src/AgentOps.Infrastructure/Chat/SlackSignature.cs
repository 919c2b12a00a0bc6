using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AgentOps.Infrastructure.Chat;

/// <summary>
/// Slack's request signing (api.slack.com/authentication/verifying-requests-from-slack): <c>X-Slack-Signature</c> is
/// <c>v0=</c> + hex HMAC-SHA256, keyed by the signing secret, of <c>v0:{X-Slack-Request-Timestamp}:{raw body}</c>.
/// </summary>
public static class SlackSignature
{
    /// <summary>The signature Slack would send for <paramref name="body"/> at <paramref name="timestamp"/> (Unix seconds, as in the header).</summary>
    public static string Compute(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(signingSecret);
        ArgumentNullException.ThrowIfNull(timestamp);
        return "v0=" + Convert.ToHexStringLower(Hash(signingSecret, timestamp, body));
    }

    /// <summary>
    /// Checks the headers of a request: the signature first (compared in constant time), then that the timestamp is within
    /// <paramref name="window"/> of <paramref name="now"/> in either direction.
    /// </summary>
    public static ChatSignatureResult Verify(string signingSecret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(signingSecret);
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return ChatSignatureResult.Missing;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || !signature.StartsWith("v0=", StringComparison.Ordinal) || signature.Length != 3 + 64)
        {
            return ChatSignatureResult.Invalid;
        }

        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(signature.AsSpan(3), given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return ChatSignatureResult.Invalid;
        }

        if (!CryptographicOperations.FixedTimeEquals(Hash(signingSecret, timestamp, body), given))
        {
            return ChatSignatureResult.Invalid;
        }

        var age = now.ToUnixTimeSeconds() - seconds;
        return Math.Abs(age) > (long)window.TotalSeconds ? ChatSignatureResult.Replayed : ChatSignatureResult.Valid;
    }

    private static byte[] Hash(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), message);
    }
}
