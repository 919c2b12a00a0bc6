using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// Decides who may command by comment: logins on <see cref="GitHubOptions.Allowlist"/>, and collaborators whose
/// permission on the repository is <c>admin</c>, <c>maintain</c> or <c>write</c>. Answers are cached for
/// <see cref="GitHubOptions.PermissionCacheDuration"/>.
/// </summary>
public sealed class GitHubPermissionChecker(GitHubRepositoryClient client, IOptions<GitHubOptions> options, TimeProvider time)
{
    private static readonly HashSet<string> Writers = new(StringComparer.Ordinal) { "admin", "maintain", "write" };

    private readonly ConcurrentDictionary<string, (bool Allowed, DateTimeOffset Until)> _cache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="login"/> may change incidents from GitHub.</summary>
    /// <exception cref="GitHubException">GitHub could not be asked.</exception>
    public async Task<bool> CanCommandAsync(string login, CancellationToken cancellationToken)
    {
        if (options.Value.Allowlist.Contains(login, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        var now = time.GetUtcNow();
        if (_cache.TryGetValue(login, out var cached) && cached.Until > now)
        {
            return cached.Allowed;
        }

        var permission = await client.GetPermissionAsync(login, cancellationToken).ConfigureAwait(false);
        var allowed = Writers.Contains(permission);
        _cache[login] = (allowed, now + options.Value.PermissionCacheDuration);
        return allowed;
    }
}
