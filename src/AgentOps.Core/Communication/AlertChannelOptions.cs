using System.ComponentModel.DataAnnotations;

namespace AgentOps.Core.Communication;

/// <summary>One destination of internal alerts. Items of <c>Communication:Alerts</c>.</summary>
public sealed class AlertChannelOptions
{
    /// <summary>Name used in payloads and logs, e.g. <c>ops-slack</c>. The webhook URL is looked up by this name at delivery, so secrets never enter the outbox.</summary>
    [Required]
    public string Name { get; set; } = string.Empty;

    /// <summary><c>slack</c>, <c>teams</c>, <c>mattermost</c>, <c>webhook</c> (generic JSON) or <c>email</c>.</summary>
    [Required]
    [RegularExpression("^(slack|teams|mattermost|webhook|email)$")]
    public string Type { get; set; } = "webhook";

    /// <summary>The incoming webhook URL, or the email address for <c>email</c>.</summary>
    [Required]
    public string Target { get; set; } = string.Empty;
}
