using System.Security.Cryptography;
using System.Text;

namespace AgentOps.Host.Server;

/// <summary>Checks an API key against the configured SHA-256 hashes, in constant time.</summary>
public sealed class ApiKeyVerifier(ServerOptions options)
{
    private readonly byte[][] _hashes = options.ApiKeyHashes
        .Select(h => h.Trim())
        .Where(h => h.Length == 64)
        .Select(Convert.FromHexString)
        .ToArray();

    /// <summary>The SHA-256 hash (lowercase hex) to put in <c>Server:ApiKeyHashes</c> for <paramref name="key"/>.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Whether any key is configured (if not, every key is refused).</summary>
    public bool HasKeys => _hashes.Length > 0;

    /// <summary>Whether <paramref name="hash"/> (hex SHA-256, as <see cref="Hash"/> gives) is still one of the configured keys, in constant time.</summary>
    public bool IsConfiguredHash(string? hash)
    {
        if (hash is not { Length: 64 } || !hash.All(Uri.IsHexDigit))
        {
            return false;
        }

        var bytes = Convert.FromHexString(hash);
        var valid = false;
        foreach (var known in _hashes)
        {
            valid |= CryptographicOperations.FixedTimeEquals(bytes, known);
        }

        return valid;
    }

    /// <summary>Whether <paramref name="key"/> is one of the configured keys.</summary>
    public bool IsValid(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var valid = false;
        foreach (var known in _hashes)
        {
            valid |= CryptographicOperations.FixedTimeEquals(hash, known);
        }

        return valid;
    }
}
