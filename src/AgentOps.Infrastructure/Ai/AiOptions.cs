namespace AgentOps.Infrastructure.Ai;

/// <summary>The language model used to draft text, if any, and where prompt templates live. Section <c>Ai</c>.</summary>
public sealed class AiOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Ai";

    /// <summary>OpenAI-compatible endpoint (e.g. a local Ollama or vLLM at <c>http://127.0.0.1:11434/v1</c>); empty uses OpenAI's.</summary>
    /// <value>Default none.</value>
    public string? Endpoint { get; set; }

    /// <summary>Model id. No model means templates are rendered offline and no model is called.</summary>
    /// <value>Default none.</value>
    public string? Model { get; set; }

    /// <summary>API key; from an environment variable (<c>Ai__ApiKey</c>) or user secrets, never from a committed file.</summary>
    /// <value>Default none.</value>
    public string? ApiKey { get; set; }

    /// <summary>Folder holding <c>&lt;Stage&gt;/&lt;Function&gt;/{skprompt.txt,config.json}</c>; relative paths are tried from the working directory, then beside the executable.</summary>
    /// <value>Default <c>prompts</c>.</value>
    public string PromptsFolder { get; set; } = "prompts";

    /// <summary>Whether a model is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Model) && (!string.IsNullOrWhiteSpace(ApiKey) || !string.IsNullOrWhiteSpace(Endpoint));

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
