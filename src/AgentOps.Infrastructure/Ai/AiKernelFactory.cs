using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Ai;

/// <summary>Builds a Semantic Kernel wired to the OpenAI-compatible endpoint of <see cref="AiOptions"/>.</summary>
public static class AiKernelFactory
{
    /// <summary>A kernel whose chat completion service talks to <see cref="AiOptions.Endpoint"/>.</summary>
    /// <exception cref="InvalidOperationException">No endpoint is configured.</exception>
    public static Kernel Create(AiOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            throw new InvalidOperationException("No LLM endpoint is configured (set Ai:Endpoint).");
        }

        var builder = Kernel.CreateBuilder();
        builder.AddOpenAIChatCompletion(options.Model, new Uri(options.Endpoint!), string.IsNullOrEmpty(options.ApiKey) ? "none" : options.ApiKey, httpClient: httpClient);
        return builder.Build();
    }
}
