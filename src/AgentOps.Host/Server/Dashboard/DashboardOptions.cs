using System.ComponentModel.DataAnnotations;

namespace AgentOps.Host.Server.Dashboard;

/// <summary>The web dashboard of <c>agentops serve</c> (section <c>Dashboard</c>). Who may read it is <c>Server:AllowAnonymousRead</c>.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>
    /// Folder of the Data Protection keys that sign the login and anti-forgery cookies, relative to the working directory.
    /// Nodes behind one address must share it (or copy it), or a cookie issued by one is refused by the other.
    /// </summary>
    /// <value>Default <c>data/dataprotection-keys</c>.</value>
    [Required]
    public string KeysPath { get; set; } = "data/dataprotection-keys";

    /// <summary>How long a login lasts without activity (sliding).</summary>
    /// <value>Default 8 hours.</value>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan LoginLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How often the store is read for changes that live pages are told about (works with several nodes on one store).</summary>
    /// <value>Default 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most open incidents shown on the board (most urgent first).</summary>
    /// <value>Default 200.</value>
    [Range(1, 5000)]
    public int BoardLimit { get; set; } = 200;

    /// <summary>Web address of GitHub for issue links (<c>{GitHubWebUrl}/{owner}/{repo}/issues/{n}</c>), e.g. a GitHub Enterprise host.</summary>
    /// <value>Default <c>https://github.com</c>.</value>
    [Required]
    public Uri GitHubWebUrl { get; set; } = new("https://github.com");
}
