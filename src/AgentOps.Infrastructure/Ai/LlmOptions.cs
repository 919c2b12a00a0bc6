using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Ai;

/// <summary>
/// LLM mode of the diagnostic agents (section <c>Diagnostics:Llm</c>). Off by default: the offline playbooks run.
/// The API key comes from the environment (<c>AGENTOPS_LLM_API_KEY</c>) or user secrets, never from appsettings.json.
/// </summary>
public sealed class LlmOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Diagnostics:Llm";

    /// <summary>Whether track agents use the model. Default false (offline mode).</summary>
    public bool Enabled { get; set; }

    /// <summary>Base URL of an OpenAI-compatible API, e.g. <c>http://127.0.0.1:8080/v1</c>. Required when enabled.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Model name sent to the endpoint. Default <c>gpt-4o-mini</c>.</summary>
    [Required]
    public string ModelId { get; set; } = "gpt-4o-mini";

    /// <summary>API key; set it through the environment. Default none (some local servers need none).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Most tool calls one track agent may make. Default 8.</summary>
    [Range(1, 64)]
    public int MaxSteps { get; set; } = 8;

    /// <summary>Tool output longer than this many characters is cut before it reaches the model. Default 4 000.</summary>
    [Range(200, 100_000)]
    public int MaxToolOutputChars { get; set; } = 4_000;

    /// <summary>Timeout of one model request, in seconds. Default 60.</summary>
    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 60;

    /// <summary>Folder holding <c>&lt;skill&gt;/skill.json</c> manifests. Default <c>skills</c>.</summary>
    [Required]
    public string SkillsDirectory { get; set; } = "skills";
}
