using System.ComponentModel.DataAnnotations;

namespace AgentOps.Core.Orchestration.Dispatch;

/// <summary>Limits and fairness of the <see cref="WorkDispatcher"/>. Bound from the <c>Dispatch</c> configuration section.</summary>
public sealed class DispatcherOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Dispatch";

    /// <summary>How many work items run at once, all skills together.</summary>
    /// <value>Default 8.</value>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>How many items of one skill run at once when <see cref="SkillLimits"/> does not name the skill.</summary>
    /// <value>Default 2.</value>
    [Range(1, 1024)]
    public int DefaultSkillLimit { get; set; } = 2;

    /// <summary>Per-skill concurrency limits, e.g. <c>{ "github": 1, "database": 3 }</c>.</summary>
    /// <value>Default empty (every skill gets <see cref="DefaultSkillLimit"/>).</value>
    public Dictionary<string, int> SkillLimits { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How long an item waits before it competes as one priority higher (aging): a P4 that waited three times this long
    /// competes as a P1, and then goes before P1 items that arrived after it. This is what keeps P3/P4 from starving.
    /// </summary>
    /// <value>Default 2 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan AgingInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The concurrency limit of <paramref name="skill"/>.</summary>
    public int LimitFor(string skill) =>
        SkillLimits.TryGetValue(skill, out var limit) && limit > 0 ? limit : DefaultSkillLimit;
}
