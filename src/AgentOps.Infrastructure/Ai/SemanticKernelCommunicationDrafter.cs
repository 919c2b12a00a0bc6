using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using AgentOps.Core.Communication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AgentOps.Infrastructure.Ai;

/// <summary>
/// Drafts communications with Semantic Kernel: the prompt function <c>Communication/&lt;Kind&gt;&lt;Lang&gt;</c> is rendered offline by
/// the kernel's prompt-template engine from the incident facts. When the kernel holds an <see cref="IChatCompletionService"/>,
/// the model rewrites that draft from the same facts (<c>Communication/ModelDraft</c>); if the model fails, the template draft is used.
/// </summary>
public sealed partial class SemanticKernelCommunicationDrafter : ICommunicationDrafter
{
    private readonly Kernel _kernel;
    private readonly string _folder;
    private readonly string? _modelId;
    private readonly KernelPromptTemplateFactory _factory = new() { AllowDangerouslySetContent = true };
    private readonly ConcurrentDictionary<string, (PromptTemplateConfig Config, IPromptTemplate Template)> _templates = new();

    /// <summary>Creates the drafter.</summary>
    /// <param name="kernel">The kernel; with an <see cref="IChatCompletionService"/> the model drafts, without one templates are rendered offline.</param>
    /// <param name="promptsFolder">The folder holding <c>Communication/&lt;Function&gt;/</c>.</param>
    /// <param name="modelId">Model name recorded as the engine of model drafts.</param>
    public SemanticKernelCommunicationDrafter(Kernel kernel, string promptsFolder, string? modelId = null)
    {
        _kernel = kernel ?? throw new ArgumentNullException(nameof(kernel));
        _folder = Path.Combine(promptsFolder ?? throw new ArgumentNullException(nameof(promptsFolder)), "Communication");
        _modelId = modelId;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The prompt function is missing, or uses a variable the facts do not provide.</exception>
    public async Task<CommunicationDraft> DraftAsync(CommunicationFacts facts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var rendered = Tidy(await RenderAsync(facts.FunctionName, facts.Variables, cancellationToken).ConfigureAwait(false));
        var engine = "template:" + facts.FunctionName;
        var chat = _kernel.Services.GetService<IChatCompletionService>();
        if (chat is null)
        {
            return new CommunicationDraft(rendered, engine);
        }

        var prompt = await RenderAsync(
            "ModelDraft",
            new Dictionary<string, string>
            {
                ["kind"] = facts.Kind.ToString(),
                ["language_name"] = CommunicationLanguage.Of(facts.Language).Name,
                ["facts"] = string.Join('\n', facts.Variables.Where(kv => kv.Value.Length > 0).Select(kv => $"{kv.Key}: {kv.Value}")),
                ["reference"] = rendered,
            },
            cancellationToken).ConfigureAwait(false);
        try
        {
            var reply = await chat.GetChatMessageContentAsync(prompt, executionSettings: null, _kernel, cancellationToken).ConfigureAwait(false);
            var text = reply.Content?.Trim();
            return string.IsNullOrEmpty(text)
                ? new CommunicationDraft(rendered, engine + " (model returned nothing)")
                : new CommunicationDraft(Tidy(text), "llm:" + (_modelId ?? reply.ModelId ?? "model"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The model is optional: an unreachable or failing model never blocks a communication.
            return new CommunicationDraft(rendered, $"{engine} (model failed: {ex.GetType().Name})");
        }
    }

    /// <summary>Renders the prompt function <paramref name="function"/> with <paramref name="variables"/>.</summary>
    /// <exception cref="InvalidOperationException">The function is missing or a variable it uses has no value.</exception>
    public async Task<string> RenderAsync(string function, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var (config, template) = _templates.GetOrAdd(function, Load);
        var missing = config.InputVariables.Where(v => v.IsRequired && !variables.ContainsKey(v.Name)).Select(v => v.Name)
            .Concat(VariablePattern().Matches(config.Template).Select(m => m.Groups[1].Value).Where(v => !variables.ContainsKey(v)))
            .Distinct()
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Prompt Communication/{function} needs {string.Join(", ", missing)}, which the facts do not provide.");
        }

        var arguments = new KernelArguments();
        foreach (var (name, value) in variables)
        {
            arguments[name] = value;
        }

        return await template.RenderAsync(_kernel, arguments, cancellationToken).ConfigureAwait(false);
    }

    private (PromptTemplateConfig, IPromptTemplate) Load(string function)
    {
        var directory = Path.Combine(_folder, function);
        var promptFile = Path.Combine(directory, "skprompt.txt");
        if (!File.Exists(promptFile))
        {
            throw new InvalidOperationException($"No prompt template {promptFile}.");
        }

        var configFile = Path.Combine(directory, "config.json");
        var config = File.Exists(configFile) ? PromptTemplateConfig.FromJson(File.ReadAllText(configFile, Encoding.UTF8)) : new PromptTemplateConfig();
        config.Name ??= function;
        config.Template = File.ReadAllText(promptFile, Encoding.UTF8);
        config.AllowDangerouslySetContent = true;
        return (config, _factory.Create(config));
    }

    private static string Tidy(string text)
    {
        var unix = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return BlankLines().Replace(unix, "\n\n").Trim() + "\n";
    }

    [GeneratedRegex(@"\{\{\s*\$(\w+)\s*\}\}")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"\n[ \t]*\n(?:[ \t]*\n)+")]
    private static partial Regex BlankLines();
}
