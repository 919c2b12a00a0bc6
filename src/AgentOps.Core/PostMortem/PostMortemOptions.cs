using System.ComponentModel.DataAnnotations;

namespace AgentOps.Core.PostMortem;

/// <summary>Where post-mortems are written and how action items are dated. Section <c>PostMortem</c>.</summary>
public sealed class PostMortemOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "PostMortem";

    /// <summary>Folder under which <c>docs/incidents/&lt;id&gt;.md</c> and <c>docs/incidents/&lt;id&gt;-runbook.md</c> are written; relative to the working directory.</summary>
    /// <value>Default <c>.</c> (the working directory).</value>
    [Required]
    public string OutputFolder { get; set; } = ".";

    /// <summary>Days given to urgent action items (detection, alerting, the immediate fix).</summary>
    /// <value>Default 7.</value>
    [Range(1, 365)]
    public int UrgentActionDueDays { get; set; } = 7;

    /// <summary>Days given to the other action items (process, tests, documentation).</summary>
    /// <value>Default 30.</value>
    [Range(1, 365)]
    public int ActionDueDays { get; set; } = 30;

    /// <summary>Escalation path written in runbooks, first level first.</summary>
    /// <value>Default: on-call engineer, owning team lead, incident commander, customer account manager.</value>
    public List<string>? EscalationPath { get; set; }

    /// <summary>The escalation path to use: <see cref="EscalationPath"/> when set, else the default.</summary>
    public IReadOnlyList<string> EffectiveEscalationPath() => EscalationPath is { Count: > 0 } path
        ? path
        :
        [
            "L1 — On-call engineer of the owning team: acknowledge within the SLA, run the diagnostic steps above.",
            "L2 — Lead of the owning team: when the cause is not found within 30 minutes or the fix needs approval.",
            "L3 — Incident commander / head of engineering: P1 not mitigated within 1 hour, or the resolution SLA is at risk.",
            "Customer — Account manager: informs the customer when the SLA is at risk or breached.",
        ];
}
