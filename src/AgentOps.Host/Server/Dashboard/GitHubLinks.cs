using AgentOps.Infrastructure.GitHub;

namespace AgentOps.Host.Server.Dashboard;

/// <summary>Web addresses of the GitHub issues incidents and tracks are synced to.</summary>
/// <param name="Repository">e.g. <c>https://github.com/acme/payments</c>, or <see langword="null"/> when GitHub is not configured.</param>
public sealed record GitHubLinks(Uri? Repository)
{
    /// <summary>Links for the configured repository, if there is one.</summary>
    public static GitHubLinks From(GitHubOptions? github, DashboardOptions dashboard)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        if (github is null || string.IsNullOrWhiteSpace(github.Owner) || string.IsNullOrWhiteSpace(github.Repo))
        {
            return new GitHubLinks((Uri?)null);
        }

        var root = dashboard.GitHubWebUrl.ToString().TrimEnd('/');
        return new GitHubLinks(new Uri($"{root}/{Uri.EscapeDataString(github.Owner)}/{Uri.EscapeDataString(github.Repo)}"));
    }

    /// <summary>The function the incident page uses, or <see langword="null"/> when GitHub is not configured.</summary>
    public Func<int, string>? IssueUrl => Repository is null
        ? null
        : number => $"{Repository.ToString().TrimEnd('/')}/issues/{number.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
