using Microsoft.Extensions.Logging;
using Octokit;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// Gives Octokit (and the raw calls) the credentials of the configured repository: the token as is, or a GitHub App
/// installation token obtained with the App's JWT and renewed five minutes before it expires.
/// </summary>
internal sealed class GitHubCredentialStore(GitHubOptions options, TimeProvider time, Func<Credentials, IGitHubClient> appClientFactory, ILogger logger)
    : ICredentialStore
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private Credentials? _installation;
    private DateTimeOffset _expiresAt;

    public async Task<Credentials> GetCredentials()
    {
        if (!options.UsesApp)
        {
            var token = options.ResolveToken();
            if (string.IsNullOrWhiteSpace(token))
            {
                throw new GitHubException("No GitHub credentials: set GITHUB_TOKEN (or GitHub:Token), or GitHub:AppId, GitHub:PrivateKeyPath and GitHub:InstallationId.");
            }

            return new Credentials(token, AuthenticationType.Bearer);
        }

        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_installation is not null && time.GetUtcNow() < _expiresAt - TimeSpan.FromMinutes(5))
            {
                return _installation;
            }

            string pem;
            try
            {
                pem = await File.ReadAllTextAsync(options.PrivateKeyPath!).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new GitHubException($"Cannot read the GitHub App private key at {options.PrivateKeyPath}: {ex.Message}", null, ex);
            }

            string jwt;
            try
            {
                jwt = GitHubAppJwt.Create(options.AppId!.Value, pem, time.GetUtcNow());
            }
            catch (ArgumentException ex)
            {
                throw new GitHubException($"The GitHub App private key at {options.PrivateKeyPath} is not a PEM RSA key.", null, ex);
            }

            var appClient = appClientFactory(new Credentials(jwt, AuthenticationType.Bearer));
            AccessToken token;
            try
            {
                token = await appClient.GitHubApps.CreateInstallationToken(options.InstallationId!.Value).ConfigureAwait(false);
            }
            catch (AuthorizationException ex)
            {
                throw new GitHubException($"GitHub refused the App JWT (401): check GitHub:AppId ({options.AppId}) and the private key.", 401, ex);
            }
            catch (NotFoundException ex)
            {
                throw new GitHubException($"GitHub App installation {options.InstallationId} was not found (404): check GitHub:InstallationId.", 404, ex);
            }

            _installation = new Credentials(token.Token, AuthenticationType.Bearer);
            _expiresAt = token.ExpiresAt;
            logger.LogInformation("GitHub App installation token obtained, valid until {ExpiresAt}", _expiresAt);
            return _installation;
        }
        finally
        {
            _lock.Release();
        }
    }
}
