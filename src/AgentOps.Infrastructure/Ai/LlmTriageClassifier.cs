using System.Globalization;
using System.Text.Json;
using AgentOps.Core.Model;
using AgentOps.Core.Skills;
using AgentOps.Core.Triage;
using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Ai;

/// <summary>
/// Classifies with a chat model through the Semantic Kernel prompt function <c>prompts/Triage/ClassifyUrgency</c>.
/// The email is passed as fenced data (code fences inside it are neutralised, length capped); the model's JSON answer
/// is validated, and an unusable answer (bad JSON, unknown priority or intent) falls back to the rules with the reason recorded.
/// </summary>
public sealed class LlmTriageClassifier : ITriageClassifier
{
    /// <summary>Longest body sent to the model, in characters; the rest is cut.</summary>
    public const int MaxBodyLength = 8000;

    private const string PluginName = "Triage";
    private const string FunctionName = "ClassifyUrgency";
    private static readonly string[] ImpactCategories = ["production-down", "all-users", "revenue", "payments", "security", "data-loss"];

    private readonly Kernel _kernel;
    private readonly KernelFunction _function;
    private readonly RulesTriageClassifier _fallback;
    private readonly SkillRouter? _router;

    /// <summary>Creates the classifier.</summary>
    /// <param name="kernel">A kernel with an <c>IChatCompletionService</c>.</param>
    /// <param name="promptsPath">Folder holding <c>Triage/ClassifyUrgency/{skprompt.txt,config.json}</c>.</param>
    /// <param name="fallback">Used when the model's answer is unusable.</param>
    /// <param name="router">Fills <see cref="TriageResult.Skills"/>; null leaves it empty.</param>
    /// <exception cref="DirectoryNotFoundException">The prompt function folder does not exist.</exception>
    public LlmTriageClassifier(Kernel kernel, string promptsPath, RulesTriageClassifier fallback, SkillRouter? router = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentException.ThrowIfNullOrWhiteSpace(promptsPath);
        ArgumentNullException.ThrowIfNull(fallback);
        var pluginFolder = Path.Combine(promptsPath, PluginName);
        if (!File.Exists(Path.Combine(pluginFolder, FunctionName, "skprompt.txt")))
        {
            throw new DirectoryNotFoundException($"Prompt function not found: {Path.Combine(pluginFolder, FunctionName)}/skprompt.txt.");
        }

        _kernel = kernel;
        _function = kernel.CreatePluginFromPromptDirectory(pluginFolder, PluginName)[FunctionName];
        _fallback = fallback;
        _router = router;
    }

    /// <inheritdoc />
    public string Name => "llm";

    /// <inheritdoc />
    public bool CallsRemoteModel => true;

    /// <summary>The loaded prompt function.</summary>
    public KernelFunction Function => _function;

    /// <inheritdoc />
    /// <exception cref="HttpOperationException">The endpoint failed (the ensemble turns this into a reason).</exception>
    public async Task<TriageResult> ClassifyAsync(TriageInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var arguments = new KernelArguments
        {
            ["subject"] = AsData(input.Subject, 500),
            ["body"] = AsData(input.Body, MaxBodyLength),
            ["customer_tier"] = input.Customer?.Tier ?? "standard",
            ["previous_incidents"] = input.PreviousIncidents.ToString(CultureInfo.InvariantCulture),
        };
        var answer = await _function.InvokeAsync(_kernel, arguments, cancellationToken).ConfigureAwait(false);
        var text = answer.GetValue<string>() ?? string.Empty;
        return Parse(text, input);
    }

    /// <summary>Turns the model's answer into a result, or falls back to the rules with the reason when it is unusable.</summary>
    internal TriageResult Parse(string answer, TriageInput input)
    {
        string? problem;
        try
        {
            var start = answer.IndexOf('{', StringComparison.Ordinal);
            var end = answer.LastIndexOf('}');
            if (start < 0 || end <= start)
            {
                problem = "no JSON object in the answer";
            }
            else
            {
                using var json = JsonDocument.Parse(answer[start..(end + 1)]);
                var result = Read(json.RootElement, out problem);
                if (result is not null)
                {
                    return result;
                }
            }
        }
        catch (JsonException ex)
        {
            problem = $"invalid JSON ({ex.Message})";
        }

        var fallback = _fallback.Analyze(input).Result;
        return fallback with
        {
            Reasons = [$"llm answer unusable: {problem}; the rules decided", .. fallback.Reasons],
            Skills = _router?.RouteNames(fallback.Intent, fallback.Priority) ?? fallback.Skills,
            Classifier = Name,
        };
    }

    private TriageResult? Read(JsonElement root, out string? problem)
    {
        problem = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            problem = "the answer is not a JSON object";
            return null;
        }

        var priorityText = String(root, "priority");
        if (priorityText is null || priorityText.Length != 2 || !Enum.TryParse<Priority>(priorityText.ToUpperInvariant(), out var priority)
            || !Enum.IsDefined(priority))
        {
            problem = $"priority '{priorityText}' is not P1..P4";
            return null;
        }

        var intent = String(root, "intent")?.Trim().ToLowerInvariant().Replace(' ', '-').Replace('_', '-');
        if (intent is null || !TriageIntents.All.Contains(intent))
        {
            problem = $"intent '{intent}' is not one of {string.Join(", ", TriageIntents.All)}";
            return null;
        }

        var confidence = root.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number ? Math.Clamp(c.GetDouble(), 0, 1) : 0.5;
        var reasons = Strings(root, "reasons").Select(r => r.Length > 300 ? r[..300] : r).Take(10).ToList();
        if (reasons.Count == 0)
        {
            reasons.Add("the model gave no reason");
        }

        var impact = Strings(root, "impact").Select(i => i.ToLowerInvariant()).Where(ImpactCategories.Contains).Distinct().ToList();
        return new TriageResult(priority, intent, Math.Round(confidence, 2))
        {
            Reasons = reasons,
            Impact = impact,
            Skills = _router?.RouteNames(intent, priority) ?? [],
            Classifier = Name,
        };
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<string> Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Where(s => s.Length > 0)
            : [];

    private static string AsData(string text, int maxLength)
    {
        var safe = text.Replace("```", "'''", StringComparison.Ordinal)
            .Replace("END EMAIL DATA", "END-EMAIL-DATA", StringComparison.OrdinalIgnoreCase);
        return safe.Length > maxLength ? safe[..maxLength] + " [cut]" : safe;
    }
}
