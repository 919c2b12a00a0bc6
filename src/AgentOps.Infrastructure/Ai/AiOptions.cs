using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Ai;

/// <summary>
/// The OpenAI-compatible chat endpoint used by the LLM classifier and agents, bound from the <c>Ai</c> section.
/// Nothing is configured by default: without <see cref="Endpoint"/> every LLM feature stays off and the engine runs offline.
/// </summary>
public sealed class AiOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Ai";

    /// <summary>Base URL of an OpenAI-compatible API, e.g. <c>http://127.0.0.1:11434/v1</c>. Default: none (LLM off).</summary>
    [Url]
    public string? Endpoint { get; set; }

    /// <summary>Model id sent to the endpoint. Default <c>gpt-4o-mini</c>.</summary>
    [Required]
    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>API key; set it through the environment (<c>Ai__ApiKey</c>), never in appsettings.json. Default: none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>True when an endpoint is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);
}
