using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Sla;

namespace AgentOps.Infrastructure.Scheduling;

/// <summary>
/// Who is paged when an SLA is breached. Bound from the <c>Escalation</c> section and validated at start by
/// <see cref="EscalationOptionsValidator"/> (unknown targets, cycles and non-positive delays are refused, naming the key).
/// </summary>
public sealed class EscalationOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Escalation";

    /// <summary>How long before the acknowledgement and resolution deadlines a reminder goes out; zero for none.</summary>
    /// <value>Default 10 minutes.</value>
    public TimeSpan ReminderBefore { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Teams, people and channels that can be paged.</summary>
    /// <value>Default none.</value>
    public List<EscalationTargetOptions> Targets { get; set; } = [];

    /// <summary>Policies by priority name (<c>P1</c> to <c>P4</c>). A priority without policy is reminded but never paged.</summary>
    /// <value>Default none.</value>
    public Dictionary<string, EscalationPolicyOptions> Policies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The validated options as the domain's matrix.</summary>
    /// <exception cref="ArgumentException">The options are invalid (run <see cref="EscalationOptionsValidator"/> first for messages naming the keys).</exception>
    public EscalationMatrix ToMatrix() => new(
        Targets.Select(t => new EscalationTarget(t.Name, t.Kind, t.Address, string.IsNullOrWhiteSpace(t.Next) ? null : t.Next)),
        Policies.ToDictionary(
            p => Enum.Parse<Priority>(p.Key, ignoreCase: true),
            p => (IReadOnlyList<EscalationLevel>)p.Value.Levels.Select(l => new EscalationLevel(l.Level, l.Targets, l.Delay, l.Repeat)).ToList()),
        ReminderBefore);
}
