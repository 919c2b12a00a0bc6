using System.Security.Cryptography;
using System.Text;
using AgentOps.Host.Server.Security;

namespace AgentOps.Host.Server;

/// <summary>Checks an API key against the configured SHA-256 hashes, in constant time, and tells who holds it.</summary>
public sealed class ApiKeyVerifier
{
    private readonly (byte[] Hash, ApiKeyIdentity Identity)[] _keys;

    /// <summary>Reads <see cref="ServerOptions.ApiKeys"/> and <see cref="ServerOptions.ApiKeyHashes"/> (the latter with the write role).</summary>
    public ApiKeyVerifier(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = options.ApiKeys
            .Where(k => IsHash(k.Hash))
            .Select(k => (Convert.FromHexString(k.Hash.Trim()), new ApiKeyIdentity(k.Name, k.Role)))
            .Concat(options.ApiKeyHashes
                .Where(IsHash)
                .Select((h, i) => (Convert.FromHexString(h.Trim()), new ApiKeyIdentity($"api-key-{i + 1}", ApiRole.Write))))
            .ToArray();
    }

    /// <summary>The SHA-256 hash (lowercase hex) to put in <c>Server:ApiKeys:N:Hash</c> for <paramref name="key"/>.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Whether any key is configured (if not, every key is refused).</summary>
    public bool HasKeys => _keys.Length > 0;

    /// <summary>
    /// The holder of the key whose hash is <paramref name="hash"/> (hex SHA-256, as <see cref="Hash"/> gives), or
    /// <see langword="null"/> when it is not (or no longer) a configured key; every configured hash is compared.
    /// </summary>
    public ApiKeyIdentity? FindByHash(string? hash)
    {
        if (!IsHash(hash))
        {
            return null;
        }

        var bytes = Convert.FromHexString(hash!.Trim());
        ApiKeyIdentity? found = null;
        foreach (var (known, identity) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(bytes, known))
            {
                found = identity;
            }
        }

        return found;
    }

    /// <summary>Whether <paramref name="hash"/> is still one of the configured keys, whatever its role (the dashboard's logins).</summary>
    public bool IsConfiguredHash(string? hash) => FindByHash(hash) is not null;

    /// <summary>Whether <paramref name="key"/> is a configured key allowed to write.</summary>
    public bool IsValid(string? key) => Verify(key) is { Role: >= ApiRole.Write };

    /// <summary>The holder of <paramref name="key"/>, or <see langword="null"/> when it is not a configured key.</summary>
    /// <remarks>Every configured hash is compared, so the time taken does not depend on which one matches.</remarks>
    public ApiKeyIdentity? Verify(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        ApiKeyIdentity? found = null;
        foreach (var (known, identity) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, known))
            {
                found = identity;
            }
        }

        return found;
    }

    private static bool IsHash(string? hash) => hash?.Trim() is { Length: 64 } h && h.All(Uri.IsHexDigit);
}
