using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// How AgentOps reaches one GitHub repository. Bound from the <c>GitHub</c> configuration section. Authenticate either
/// with a token (<see cref="Token"/>, normally from the <c>GITHUB_TOKEN</c> environment variable) or as a GitHub App
/// installation (<see cref="AppId"/>, <see cref="PrivateKeyPath"/>, <see cref="InstallationId"/>).
/// </summary>
public sealed class GitHubOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "GitHub";

    /// <summary>Owner (user or organisation) of the repository. Required.</summary>
    [Required]
    public string Owner { get; set; } = string.Empty;

    /// <summary>Repository name. Required.</summary>
    [Required]
    public string Repo { get; set; } = string.Empty;

    /// <summary>A personal access or fine-grained token. Never logged. <value>Default: the <c>GITHUB_TOKEN</c> environment variable when unset.</value></summary>
    public string? Token { get; set; }

    /// <summary>GitHub App id, when authenticating as an App installation.</summary>
    public long? AppId { get; set; }

    /// <summary>Path of the App's PEM private key.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>Installation id of the App on the repository's owner.</summary>
    public long? InstallationId { get; set; }

    /// <summary>
    /// API root for GitHub Enterprise Server or a simulator, e.g. <c>https://ghe.example.com/</c> (Octokit adds <c>api/v3/</c>).
    /// <value>Default: <see langword="null"/>, meaning <c>https://api.github.com/</c>.</value>
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Logins that may command by comment even without write permission on the repository. <value>Default: empty.</value></summary>
    public List<string> Allowlist { get; set; } = [];

    /// <summary>Secret shared with the webhook; a webhook without a valid signature is refused with 401. <value>Default: the <c>GITHUB_WEBHOOK_SECRET</c> environment variable when unset.</value></summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How often the polling fallback reads new comments and issue states; zero disables polling. <value>Default: 1 minute.</value></summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Milestone title to put the epic and track issues in (created if missing). <value>Default: none.</value></summary>
    public string? Milestone { get; set; }

    /// <summary>Adds a <c>customer:&lt;domain&gt;</c> label when the incident has a customer. <value>Default: <see langword="true"/>.</value></summary>
    public bool CustomerLabels { get; set; } = true;

    /// <summary>At most this many write calls in flight during bulk creation (GitHub asks integrators not to hammer it). <value>Default: 4.</value></summary>
    [Range(1, 16)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Retries of a failed idempotent call (5xx, timeout) before giving up. <value>Default: 5.</value></summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 5;

    /// <summary>First backoff delay; doubles on each retry, with full jitter. <value>Default: 500 ms.</value></summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait accepted for a rate limit to reset before the call fails with a clear error. <value>Default: 15 minutes.</value></summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Timeout of one HTTP attempt. <value>Default: 30 seconds.</value></summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a collaborator permission answer is trusted. <value>Default: 5 minutes.</value></summary>
    public TimeSpan PermissionCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether the background service also delivers pending <c>github</c> outbox messages (turn off when another dispatcher routes them to <see cref="GitHubOutboxHandler"/>). <value>Default: <see langword="true"/>.</value></summary>
    public bool DeliverOutboxInBackground { get; set; } = true;

    /// <summary>The token to use: <see cref="Token"/> or, when unset, the <c>GITHUB_TOKEN</c> environment variable.</summary>
    public string? ResolveToken() => string.IsNullOrWhiteSpace(Token) ? Environment.GetEnvironmentVariable("GITHUB_TOKEN") : Token;

    /// <summary>The webhook secret: <see cref="WebhookSecret"/> or, when unset, the <c>GITHUB_WEBHOOK_SECRET</c> environment variable.</summary>
    public string? ResolveWebhookSecret() =>
        string.IsNullOrWhiteSpace(WebhookSecret) ? Environment.GetEnvironmentVariable("GITHUB_WEBHOOK_SECRET") : WebhookSecret;

    /// <summary>Whether App authentication is configured.</summary>
    public bool UsesApp => AppId is not null && InstallationId is not null && !string.IsNullOrWhiteSpace(PrivateKeyPath);
}
