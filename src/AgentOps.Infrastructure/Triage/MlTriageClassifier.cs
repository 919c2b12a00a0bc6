using System.Globalization;
using AgentOps.Core.Model;
using AgentOps.Core.Skills;
using AgentOps.Core.Triage;

namespace AgentOps.Infrastructure.Triage;

/// <summary>
/// Classifies with a model trained by <c>agentops triage train</c>. The model predicts one thing (the label column it
/// was trained on): the <see cref="LabelMap"/> says whether its labels are priorities (<c>high=P1,...</c>) or intents;
/// the other dimension comes from the rules, and the reasons say so.
/// </summary>
public sealed class MlTriageClassifier : ITriageClassifier
{
    private readonly MlTextModel _model;
    private readonly LabelMap _map;
    private readonly RulesTriageClassifier _rules;
    private readonly SkillRouter? _router;

    /// <summary>Creates the classifier.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="map">Maps the model's labels; null when its labels already are P1..P4 or intents.</param>
    /// <param name="rules">Provides the dimension the model does not predict.</param>
    /// <param name="router">Fills <see cref="TriageResult.Skills"/>; null leaves it empty.</param>
    /// <exception cref="TriageDataException">A label of the model is not in <paramref name="map"/>, or the labels need a map.</exception>
    public MlTriageClassifier(MlTextModel model, LabelMap? map, RulesTriageClassifier rules, SkillRouter? router = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rules);
        _model = model;
        _map = map ?? LabelMap.Identity(model.Labels);
        var unknown = model.Labels.FirstOrDefault(l => !_map.Contains(l));
        if (unknown is not null)
        {
            throw new TriageDataException($"The model's label '{unknown}' is not in the label mapping (Triage:LabelMap or --map).");
        }

        _rules = rules;
        _router = router;
    }

    /// <inheritdoc />
    public string Name => "ml";

    /// <inheritdoc />
    public TriageDimensions Predicts => _map.Target;

    /// <inheritdoc />
    public Task<TriageResult> ClassifyAsync(TriageInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (label, probability) = _model.Predict($"{input.Subject}\n{input.Body}");
        var rules = _rules.Analyze(input).Result;
        var value = _map.ToValue(label);
        var reasons = new List<string>
        {
            $"model label '{label}' (probability {probability.ToString("0.00", CultureInfo.InvariantCulture)}) means {value}",
        };
        Priority priority;
        string intent;
        if (_map.Target == TriageDimensions.Priority)
        {
            priority = _map.ToPriority(label);
            intent = rules.Intent;
            reasons.Add($"intent {intent} from the rules (the model predicts priorities)");
        }
        else
        {
            priority = rules.Priority;
            intent = value;
            reasons.Add($"priority {priority} from the rules (the model predicts intents)");
        }

        var result = new TriageResult(priority, intent, Math.Round(probability, 2))
        {
            Reasons = reasons,
            Impact = rules.Impact,
            Skills = _router?.RouteNames(intent, priority) ?? [],
            Classifier = Name,
        };
        return Task.FromResult(result);
    }
}
