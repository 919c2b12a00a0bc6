using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Chat;

/// <summary>The Slack slash command endpoint <c>/chat/slack</c> (section <c>Chat:Slack</c>).</summary>
public sealed class SlackChatOptions
{
    /// <summary>
    /// The app's signing secret (Slack app settings, "Basic Information"). Never logged; set it through the
    /// <c>AGENTOPS__Chat__Slack__SigningSecret</c> environment variable.
    /// <value>Default: none, and the endpoint answers 503.</value>
    /// </summary>
    public string? SigningSecret { get; set; }

    /// <summary>Slack workspace (<c>team_id</c>) allowed to command; requests from another workspace are refused with 403. <value>Default: none, any workspace that knows the signing secret.</value></summary>
    public string? TeamId { get; set; }

    /// <summary>How many commands may wait for a worker before new ones are turned away with a "busy" reply. <value>Default: 1000.</value></summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>How many commands run at once in the background. <value>Default: 4.</value></summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 4;

    /// <summary>Attempts to POST a result to <c>response_url</c> (network error, 429 or 5xx are retried). <value>Default: 5.</value></summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; it doubles on each attempt (a 429's <c>Retry-After</c> wins when longer). <value>Default: 1 second.</value></summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Timeout of one POST to <c>response_url</c>. <value>Default: 10 seconds.</value></summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00")]
    public TimeSpan PostTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
