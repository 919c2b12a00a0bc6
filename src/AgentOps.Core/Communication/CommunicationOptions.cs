using System.ComponentModel.DataAnnotations;
using AgentOps.Core.Model;

namespace AgentOps.Core.Communication;

/// <summary>Customer emails and internal alerts: who signs them, which need approval, where alerts go. Section <c>Communication</c>.</summary>
public sealed class CommunicationOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Communication";

    /// <summary>Sender address of customer emails and email alerts.</summary>
    /// <value>Default <c>support@agentops.example</c>.</value>
    [Required]
    [EmailAddress]
    public string From { get; set; } = "support@agentops.example";

    /// <summary>Display name of the sender.</summary>
    /// <value>Default <c>AgentOps Support</c>.</value>
    public string FromName { get; set; } = "AgentOps Support";

    /// <summary>Which kinds of communication wait for <c>agentops pm comms-send</c> before they go out.</summary>
    [Required]
    public CommunicationApprovalOptions RequireApproval { get; set; } = new();

    /// <summary>Priorities whose incidents get an automatic acknowledgement email, comma separated.</summary>
    /// <value>Default <c>P1,P2</c>.</value>
    [RegularExpression(@"^\s*(P[1-4]\s*(,\s*P[1-4]\s*)*)?$", ErrorMessage = "AutoAcknowledgePriorities must be a comma-separated list of P1..P4.")]
    public string AutoAcknowledgePriorities { get; set; } = "P1,P2";

    /// <summary>
    /// How old an incident may be and still get its automatic acknowledgement. An older one (typically an incident stored
    /// before <c>serve</c> first ran, or while it was stopped for long) gets a timeline note instead of a late email;
    /// a person can still send one (<c>agentops pm comms-draft</c>).
    /// </summary>
    /// <value>Default 24 hours.</value>
    [Range(typeof(TimeSpan), "00:01:00", "36500.00:00:00")]
    public TimeSpan AcknowledgeWithin { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Language used when the customer's is unknown (ISO 639-1; <c>en</c>, <c>fr</c>, <c>de</c> and <c>es</c> have templates).</summary>
    /// <value>Default <c>en</c>.</value>
    [RegularExpression("^(en|fr|de|es)$")]
    public string DefaultLanguage { get; set; } = "en";

    /// <summary>Time zone in which times are written in emails and alerts (IANA id).</summary>
    /// <value>Default <c>UTC</c>.</value>
    [Required]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Folder (relative to the current working directory) where the embedded mail sender writes <c>.eml</c> files when no SMTP host is set.</summary>
    /// <value>Default <c>outbox</c>.</value>
    [Required]
    public string OutboxFolder { get; set; } = "outbox";

    /// <summary>Teams or people named as assignees in internal alerts when triage routed the incident to no skill.</summary>
    /// <value>Default <c>On-call</c>.</value>
    public string DefaultAssignees { get; set; } = "On-call";

    /// <summary>Where internal alerts go: incoming webhooks (Slack, Teams, Mattermost, generic JSON) and email addresses.</summary>
    public List<AlertChannelOptions> Alerts { get; set; } = [];

    /// <summary>Parses <see cref="AutoAcknowledgePriorities"/>.</summary>
    public IReadOnlySet<Priority> AutoAcknowledged()
    {
        var set = new HashSet<Priority>();
        foreach (var part in AutoAcknowledgePriorities.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse<Priority>(part, ignoreCase: true, out var priority))
            {
                set.Add(priority);
            }
        }

        return set;
    }
}
