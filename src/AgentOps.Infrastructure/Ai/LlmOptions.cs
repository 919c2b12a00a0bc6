using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Ai;

/// <summary>
/// LLM mode of the diagnostic agents (section <c>Diagnostics:Llm</c>). The endpoint, model and key are the shared ones of
/// <see cref="AiOptions"/> (section <c>Ai</c>): the agents run when that section configures a model and
/// <see cref="Enabled"/> is true; otherwise the offline playbooks run.
/// </summary>
public sealed class LlmOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Diagnostics:Llm";

    /// <summary>Whether track agents use the model of the <c>Ai</c> section when one is configured.</summary>
    /// <value>Default true (they run exactly when <see cref="AiOptions.IsConfigured"/>).</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Most tool calls one track agent may make.</summary>
    /// <value>Default 8.</value>
    [Range(1, 64)]
    public int MaxSteps { get; set; } = 8;

    /// <summary>Most tokens of one tool result given back to the model (less when the track's token budget is nearly spent).</summary>
    /// <value>Default 1 500.</value>
    [Range(64, 100_000)]
    public int MaxToolOutputTokens { get; set; } = 1_500;

    /// <summary>Timeout of one model request, in seconds.</summary>
    /// <value>Default 60.</value>
    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 60;

    /// <summary>Folder holding <c>&lt;skill&gt;/skill.json</c> manifests.</summary>
    /// <value>Default <c>skills</c>.</value>
    [Required]
    public string SkillsDirectory { get; set; } = "skills";
}
