using System.ComponentModel.DataAnnotations;
using AgentOps.Core.Model;

namespace AgentOps.Core.Triage;

/// <summary>
/// Triage configuration, bound from the <c>Triage</c> section: default SLA per priority, customer contracts keyed by
/// email domain, the classifier to use and its settings.
/// </summary>
public sealed class TriageOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Triage";

    /// <summary>
    /// Default SLA per priority, keyed <c>P1</c>..<c>P4</c>.
    /// </summary>
    /// <value>P1 15 min / 4 h, P2 1 h / 8 h, P3 4 h / 3 days, P4 1 day / 10 days.</value>
    public Dictionary<string, SlaTargetOptions> Sla { get; set; } = DefaultSla();

    /// <summary>Customer contracts keyed by email domain. A sub-domain falls back to its parent (<c>eu.acme.com</c> → <c>acme.com</c>). Default: none.</summary>
    public Dictionary<string, CustomerContractOptions> Customers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Classifier used by intake: <c>rules</c>, <c>ml</c>, <c>llm</c> or <c>ensemble</c>. Default <c>rules</c>.</summary>
    [Required]
    [RegularExpression("^(rules|ml|llm|ensemble)$", ErrorMessage = "Triage:Classifier must be one of rules, ml, llm, ensemble.")]
    public string Classifier { get; set; } = "rules";

    /// <summary>Path of a model trained with <c>agentops triage train</c>, for the <c>ml</c> and <c>ensemble</c> classifiers. Default: none.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Maps the model's labels to priorities or intents, e.g. <c>high=P1,medium=P2,low=P3</c>. Default: none (labels already are P1..P4 or intents).</summary>
    public string? LabelMap { get; set; }

    /// <summary>Folder holding <c>&lt;name&gt;/skill.json</c> manifests, relative to the content root. Default <c>skills</c>.</summary>
    public string SkillsPath { get; set; } = "skills";

    /// <summary>Folder holding prompt functions (<c>Triage/ClassifyUrgency</c>), relative to the content root. Default <c>prompts</c>.</summary>
    public string PromptsPath { get; set; } = "prompts";

    /// <summary>
    /// Ensemble: the other classifier may move the priority only when its confidence is at least this. Default 0.6.
    /// </summary>
    [Range(0.0, 1.0)]
    public double EnsembleMinConfidence { get; set; } = 0.6;

    /// <summary>
    /// Ensemble: a rule-detected P1 resting on a single weak signal may be downgraded only when the other classifier's
    /// confidence is at least this. Default 0.9.
    /// </summary>
    [Range(0.0, 1.0)]
    public double EnsembleDowngradeConfidence { get; set; } = 0.9;

    /// <summary>
    /// Checks the SLA tables: keys must be P1..P4, every duration positive, every default priority complete.
    /// </summary>
    /// <returns>One message per problem, naming the configuration key; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var priority in Enum.GetValues<Priority>())
        {
            var key = priority.ToString();
            if (!Sla.TryGetValue(key, out var target))
            {
                errors.Add($"{SectionName}:Sla:{key} is missing.");
                continue;
            }

            if (target.Acknowledge is null)
            {
                errors.Add($"{SectionName}:Sla:{key}:Acknowledge is missing.");
            }

            if (target.Resolve is null)
            {
                errors.Add($"{SectionName}:Sla:{key}:Resolve is missing.");
            }
        }

        CheckTable(Sla, $"{SectionName}:Sla", errors);
        foreach (var (domain, contract) in Customers)
        {
            if (string.IsNullOrWhiteSpace(contract.Tier))
            {
                errors.Add($"{SectionName}:Customers:{domain}:Tier must not be empty.");
            }

            CheckTable(contract.Sla, $"{SectionName}:Customers:{domain}:Sla", errors);
        }

        return errors;
    }

    private static void CheckTable(Dictionary<string, SlaTargetOptions> table, string path, List<string> errors)
    {
        foreach (var (key, target) in table)
        {
            if (!TryParsePriority(key, out _))
            {
                errors.Add($"{path}:{key} is not a priority (expected P1, P2, P3 or P4).");
                continue;
            }

            CheckDuration(target.Acknowledge, $"{path}:{key}:Acknowledge", errors);
            CheckDuration(target.Resolve, $"{path}:{key}:Resolve", errors);
            if (target.Acknowledge > target.Resolve)
            {
                errors.Add($"{path}:{key}:Acknowledge ({target.Acknowledge}) is longer than {path}:{key}:Resolve ({target.Resolve}).");
            }
        }
    }

    private static void CheckDuration(TimeSpan? value, string key, List<string> errors)
    {
        if (value is { } duration && duration <= TimeSpan.Zero)
        {
            errors.Add($"{key} must be a positive duration (was {duration}).");
        }
    }

    /// <summary>Parses <c>P1</c>..<c>P4</c> (case-insensitive).</summary>
    internal static bool TryParsePriority(string text, out Priority priority)
    {
        priority = default;
        return text.Length == 2 && (text[0] is 'P' or 'p') && text[1] is >= '1' and <= '4'
            && Enum.TryParse(text.ToUpperInvariant(), out priority);
    }

    private static Dictionary<string, SlaTargetOptions> DefaultSla() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["P1"] = new() { Acknowledge = TimeSpan.FromMinutes(15), Resolve = TimeSpan.FromHours(4) },
        ["P2"] = new() { Acknowledge = TimeSpan.FromHours(1), Resolve = TimeSpan.FromHours(8) },
        ["P3"] = new() { Acknowledge = TimeSpan.FromHours(4), Resolve = TimeSpan.FromDays(3) },
        ["P4"] = new() { Acknowledge = TimeSpan.FromDays(1), Resolve = TimeSpan.FromDays(10) },
    };
}
