using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Chat;

/// <summary>
/// Chat commands (section <c>Chat</c>): the Slack slash command and Teams outgoing webhook endpoints, and who may do what.
/// An endpoint whose secret is not set answers 503 and does nothing.
/// </summary>
public sealed class ChatOptions : IValidatableObject
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Chat";

    /// <summary>The Slack endpoint.</summary>
    public SlackChatOptions Slack { get; set; } = new();

    /// <summary>The Teams endpoint.</summary>
    public TeamsChatOptions Teams { get; set; } = new();

    /// <summary>
    /// Role of each chat user, by Slack user id (<c>U0123ABCD</c>) or Teams <c>aadObjectId</c>: <c>read</c>, <c>write</c>,
    /// <c>admin</c> or <c>none</c>. <value>Default: empty, every user has <see cref="DefaultRole"/>.</value>
    /// </summary>
    public Dictionary<string, string> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Role of users not listed in <see cref="Users"/>. <value>Default: <see cref="ChatRole.Read"/>.</value></summary>
    public ChatRole DefaultRole { get; set; } = ChatRole.Read;

    /// <summary>
    /// Hosts a Slack <c>response_url</c> may point to (https only; plain http only for a loopback address listed here), so
    /// that a signed request cannot make the server POST elsewhere. <value>Default: empty, meaning <c>hooks.slack.com</c>.</value>
    /// </summary>
    public List<string> ResponseUrlHosts { get; set; } = [];

    /// <summary>How old a signed request may be (Slack's <c>X-Slack-Request-Timestamp</c>, the Teams activity <c>timestamp</c>). <value>Default: 5 minutes.</value></summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:15:00")]
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest request body accepted by the chat endpoints; larger ones get 413. <value>Default: 64 KiB.</value></summary>
    [Range(1024, 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>The hosts <see cref="ResponseUrlHosts"/> stands for.</summary>
    public IReadOnlyList<string> EffectiveResponseUrlHosts => ResponseUrlHosts.Count == 0 ? ["hooks.slack.com"] : ResponseUrlHosts;

    /// <summary>Validates the nested Slack and Teams sections.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(Slack, new ValidationContext(Slack), results, validateAllProperties: true);
        Validator.TryValidateObject(Teams, new ValidationContext(Teams), results, validateAllProperties: true);
        foreach (var (user, role) in Users)
        {
            if (!Enum.TryParse<ChatRole>(role, ignoreCase: true, out _) || int.TryParse(role, out _))
            {
                results.Add(new ValidationResult($"Users:{user}: '{role}' is not a role (none, read, write, admin).", [nameof(Users)]));
            }
        }

        if (Teams.SecurityToken is { Length: > 0 } token && !IsBase64(token))
        {
            results.Add(new ValidationResult("Teams:SecurityToken must be the base64 token Teams showed when the webhook was created.", [nameof(Teams)]));
        }

        return results;
    }

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) && written > 0;
    }
}
