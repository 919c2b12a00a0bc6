using System.Globalization;
using AgentOps.Core.Model;
using AgentOps.Core.Skills;

namespace AgentOps.Core.Triage;

/// <summary>
/// Combines the rules with another classifier (the trained ML model or the LLM). Policy, in order:
/// <list type="number">
/// <item>Without the other classifier, or when it fails, the rules decide (the failure is a reason).</item>
/// <item>A rule-detected P1 stays P1, unless the other classifier is at least <see cref="TriageOptions.EnsembleDowngradeConfidence"/>
/// confident of a lower priority <b>and</b> the P1 rests on a single signal read in the message
/// (<see cref="RulesAnalysis.RestsOnSingleSignal"/>); a downgrade is always stated in the reasons, and so is a kept P1 the other disputed.</item>
/// <item>Otherwise the other classifier's priority wins when its confidence is at least <see cref="TriageOptions.EnsembleMinConfidence"/>,
/// but never below the rules' priority when the rules saw an impact (payments, security...): the more urgent of the two is kept.</item>
/// <item>The intent comes from the other classifier when it predicts intents and is at least <see cref="TriageOptions.EnsembleMinConfidence"/> confident, else from the rules.</item>
/// </list>
/// Only what the other classifier really predicts (<see cref="ITriageClassifier.Predicts"/>) is considered.
/// </summary>
public sealed class EnsembleTriageClassifier : ITriageClassifier
{
    private readonly RulesTriageClassifier _rules;
    private readonly ITriageClassifier? _other;
    private readonly SkillRouter? _router;
    private readonly double _minConfidence;
    private readonly double _downgradeConfidence;

    /// <summary>Creates the ensemble.</summary>
    /// <param name="rules">The rules classifier.</param>
    /// <param name="other">The ML or LLM classifier; null for rules only.</param>
    /// <param name="options">Thresholds (<see cref="TriageOptions.EnsembleMinConfidence"/>, <see cref="TriageOptions.EnsembleDowngradeConfidence"/>).</param>
    /// <param name="router">Routes the final intent and priority to skills; null leaves <see cref="TriageResult.Skills"/> empty.</param>
    public EnsembleTriageClassifier(RulesTriageClassifier rules, ITriageClassifier? other, TriageOptions options, SkillRouter? router = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(options);
        _rules = rules;
        _other = other;
        _router = router;
        _minConfidence = options.EnsembleMinConfidence;
        _downgradeConfidence = options.EnsembleDowngradeConfidence;
    }

    /// <inheritdoc />
    public string Name => "ensemble";

    /// <inheritdoc />
    public bool CallsRemoteModel => _other?.CallsRemoteModel ?? false;

    /// <inheritdoc />
    public async Task<TriageResult> ClassifyAsync(TriageInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rules = _rules.Analyze(input);
        var reasons = new List<string>(rules.Result.Reasons);
        if (_other is null)
        {
            reasons.Add("ensemble: no other classifier configured, rules decide");
            return Finish(rules.Result, rules.Priority, rules.Result.Intent, rules.Result.Confidence, reasons, rules.Result.Impact);
        }

        TriageResult other;
        try
        {
            other = await _other.ClassifyAsync(input, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            reasons.Add($"ensemble: {_other.Name} classifier failed ({ex.Message}), rules decide");
            return Finish(rules.Result, rules.Priority, rules.Result.Intent, rules.Result.Confidence, reasons, rules.Result.Impact);
        }

        reasons.AddRange(other.Reasons.Select(r => $"{_other.Name}: {r}"));
        var (priority, priorityConfidence) = _other.Predicts.HasFlag(TriageDimensions.Priority)
            ? ChoosePriority(rules, other, reasons)
            : (rules.Priority, rules.Result.Confidence);
        var intent = rules.Result.Intent;
        if (_other.Predicts.HasFlag(TriageDimensions.Intent) && other.Intent != intent)
        {
            if (other.Confidence >= _minConfidence)
            {
                reasons.Add($"ensemble: intent {other.Intent} from {_other.Name} (confidence {F(other.Confidence)}) instead of rules' {intent}");
                intent = other.Intent;
            }
            else
            {
                reasons.Add($"ensemble: kept rules' intent {intent}; {_other.Name} said {other.Intent} with confidence {F(other.Confidence)} < {F(_minConfidence)}");
            }
        }

        var impact = rules.Result.Impact.Union(other.Impact, StringComparer.Ordinal).ToList();
        return Finish(rules.Result, priority, intent, priorityConfidence, reasons, impact);
    }

    private (Priority Priority, double Confidence) ChoosePriority(RulesAnalysis rules, TriageResult other, List<string> reasons)
    {
        var name = _other!.Name;
        if (other.Priority == rules.Priority)
        {
            reasons.Add($"ensemble: rules and {name} agree on {rules.Priority}");
            return (rules.Priority, Math.Max(rules.Result.Confidence, other.Confidence));
        }

        if (rules.Priority == Priority.P1)
        {
            if (other.Confidence >= _downgradeConfidence && rules.RestsOnSingleSignal)
            {
                reasons.Add($"ensemble: downgraded rule P1 to {other.Priority}: the P1 rests on a single signal and {name} is {F(other.Confidence)} confident (>= {F(_downgradeConfidence)})");
                return (other.Priority, other.Confidence);
            }

            var why = rules.RestsOnSingleSignal
                ? $"{name} confidence {F(other.Confidence)} < {F(_downgradeConfidence)}"
                : "the P1 rests on several signals";
            reasons.Add($"ensemble: kept rule P1 although {name} said {other.Priority} ({why})");
            return (Priority.P1, rules.Result.Confidence);
        }

        if (other.Confidence < _minConfidence)
        {
            reasons.Add($"ensemble: kept rules' {rules.Priority}; {name} said {other.Priority} with confidence {F(other.Confidence)} < {F(_minConfidence)}");
            return (rules.Priority, rules.Result.Confidence);
        }

        if (other.Priority > rules.Priority && rules.Result.Impact.Count > 0)
        {
            reasons.Add($"ensemble: kept rules' {rules.Priority} over {name}'s {other.Priority}: the rules saw impact on {string.Join(", ", rules.Result.Impact)}");
            return (rules.Priority, rules.Result.Confidence);
        }

        reasons.Add($"ensemble: {other.Priority} from {name} (confidence {F(other.Confidence)}) instead of rules' {rules.Priority}");
        return (other.Priority, other.Confidence);
    }

    private TriageResult Finish(TriageResult rules, Priority priority, string intent, double confidence, List<string> reasons, IReadOnlyList<string> impact) =>
        rules with
        {
            Priority = priority,
            Intent = intent,
            Confidence = Math.Round(confidence, 2),
            Reasons = reasons,
            Impact = impact,
            Skills = _router?.RouteNames(intent, priority) ?? rules.Skills,
            Classifier = Name,
        };

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
