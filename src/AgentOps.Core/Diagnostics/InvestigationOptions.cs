using System.ComponentModel.DataAnnotations;

namespace AgentOps.Core.Diagnostics;

/// <summary>Budgets of an investigation; bound from the <c>Diagnostics</c> configuration section.</summary>
public sealed class InvestigationOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Diagnostics";

    /// <summary>Most time one track may take before it is stopped and reported as incomplete.</summary>
    /// <value>Default 60 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan TrackTimeBudget { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Most model tokens one track may spend in LLM mode.</summary>
    /// <value>Default 20 000.</value>
    [Range(1_000, 1_000_000)]
    public int TrackTokenBudget { get; set; } = 20_000;

    /// <summary>Name recorded as the actor of investigation events.</summary>
    /// <value>Default <c>agentops</c>.</value>
    [Required]
    public string Actor { get; set; } = "agentops";
}
