using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Ai;

/// <summary>
/// The OpenAI-compatible chat endpoint used by the LLM classifier, the diagnostic agents and the drafting of messages,
/// and where prompt templates live. Section <c>Ai</c>. Nothing is configured by default: without an endpoint or key
/// every LLM feature stays off and the engine runs offline.
/// </summary>
public sealed class AiOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Ai";

    /// <summary>Base URL of an OpenAI-compatible API (OpenAI, Azure OpenAI, Ollama, vLLM), e.g. <c>http://127.0.0.1:11434/v1</c>.</summary>
    /// <value>Default none (OpenAI's own endpoint when only <see cref="ApiKey"/> is set).</value>
    [Url]
    public string? Endpoint { get; set; }

    /// <summary>Model id sent to the endpoint.</summary>
    /// <value>Default <c>gpt-4o-mini</c>.</value>
    [Required]
    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>API key; from an environment variable (<c>AGENTOPS__Ai__ApiKey</c>) or user secrets, never from a committed file.</summary>
    /// <value>Default none.</value>
    public string? ApiKey { get; set; }

    /// <summary>Folder holding <c>&lt;Stage&gt;/&lt;Function&gt;/{skprompt.txt,config.json}</c>; relative paths are tried from the working directory, then beside the executable.</summary>
    /// <value>Default <c>prompts</c>.</value>
    public string PromptsFolder { get; set; } = "prompts";

    /// <summary>Whether a model endpoint is configured (an endpoint, or a key for OpenAI's own endpoint).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint) || !string.IsNullOrWhiteSpace(ApiKey);

    /// <summary>Resolves <see cref="PromptsFolder"/> to an existing folder.</summary>
    /// <exception cref="DirectoryNotFoundException">Neither the working directory nor the executable's folder has it.</exception>
    public string ResolvePromptsFolder()
    {
        if (Path.IsPathRooted(PromptsFolder))
        {
            return Directory.Exists(PromptsFolder)
                ? PromptsFolder
                : throw new DirectoryNotFoundException($"Prompt folder {PromptsFolder} does not exist (Ai:PromptsFolder).");
        }

        foreach (var root in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var candidate = Path.Combine(root, PromptsFolder);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"Prompt folder '{PromptsFolder}' not found in {Directory.GetCurrentDirectory()} nor beside the executable (Ai:PromptsFolder).");
    }
}
