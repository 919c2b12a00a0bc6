using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Chat;

/// <summary>The Microsoft Teams outgoing webhook endpoint <c>/chat/teams</c> (section <c>Chat:Teams</c>).</summary>
public sealed class TeamsChatOptions
{
    /// <summary>
    /// The base64 security token Teams shows once when the outgoing webhook is created. Never logged; set it through the
    /// <c>AGENTOPS__Chat__Teams__SecurityToken</c> environment variable.
    /// <value>Default: none, and the endpoint answers 503.</value>
    /// </summary>
    public string? SecurityToken { get; set; }

    /// <summary>
    /// How long a command may run before the reply says it continues in the background (Teams gives up after 5 seconds).
    /// <value>Default: 4 seconds.</value>
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:04.500")]
    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(4);
}
