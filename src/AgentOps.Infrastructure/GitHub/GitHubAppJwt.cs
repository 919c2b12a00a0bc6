using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>Makes the short-lived RS256 JSON Web Token a GitHub App signs to ask for an installation token.</summary>
public static class GitHubAppJwt
{
    /// <summary>
    /// Creates a JWT for <paramref name="appId"/>, issued 60 seconds in the past (clock drift) and valid 9 minutes
    /// (GitHub accepts at most 10).
    /// </summary>
    /// <param name="appId">The App id (<c>iss</c>).</param>
    /// <param name="privateKeyPem">The App's private key, PEM (PKCS#1 or PKCS#8).</param>
    /// <param name="now">The current time.</param>
    /// <exception cref="ArgumentException">The key is not a PEM RSA key.</exception>
    public static string Create(long appId, string privateKeyPem, DateTimeOffset now)
    {
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(privateKeyPem);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException("The GitHub App private key is not a PEM RSA key.", nameof(privateKeyPem), ex);
        }

        var header = Base64Url("""{"alg":"RS256","typ":"JWT"}"""u8.ToArray());
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iat"] = now.AddSeconds(-60).ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(9).ToUnixTimeSeconds(),
            ["iss"] = appId.ToString(CultureInfo.InvariantCulture),
        }));
        var signingInput = $"{header}.{payload}";
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
