using System.Security.Cryptography;

namespace AgentOps.Infrastructure.Chat;

/// <summary>
/// Microsoft Teams outgoing webhook signing: <c>Authorization: HMAC {base64}</c>, the HMAC-SHA256 of the raw body keyed
/// by the base64-decoded security token.
/// </summary>
public static class TeamsSignature
{
    /// <summary>The <c>Authorization</c> header Teams would send for <paramref name="body"/>.</summary>
    /// <exception cref="FormatException"><paramref name="securityToken"/> is not base64.</exception>
    public static string Compute(string securityToken, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(securityToken);
        return "HMAC " + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(securityToken), body));
    }

    /// <summary>Whether <paramref name="authorization"/> is the valid signature of <paramref name="body"/>, compared in constant time.</summary>
    /// <exception cref="FormatException"><paramref name="securityToken"/> is not base64.</exception>
    public static ChatSignatureResult Verify(string securityToken, string? authorization, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(securityToken);
        if (string.IsNullOrEmpty(authorization))
        {
            return ChatSignatureResult.Missing;
        }

        if (!authorization.StartsWith("HMAC ", StringComparison.Ordinal))
        {
            return ChatSignatureResult.Invalid;
        }

        Span<byte> given = stackalloc byte[48];
        if (!Convert.TryFromBase64String(authorization[5..].Trim(), given, out var written) || written != 32)
        {
            return ChatSignatureResult.Invalid;
        }

        var expected = HMACSHA256.HashData(Convert.FromBase64String(securityToken), body);
        return CryptographicOperations.FixedTimeEquals(expected, given[..32]) ? ChatSignatureResult.Valid : ChatSignatureResult.Invalid;
    }
}
