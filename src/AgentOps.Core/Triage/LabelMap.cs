using AgentOps.Core.Model;

namespace AgentOps.Core.Triage;

/// <summary>
/// Maps dataset labels to priorities or intents, parsed from <c>label=VALUE[+VALUE...],...</c>: <c>high=P1,medium=P2,low=P3</c>
/// or <c>bug=bug+outage+performance+security,feature=feature-request+change-request,question=question</c>. The first
/// value of a label is what the label means; the others are predictions that count as that label in an evaluation.
/// </summary>
public sealed class LabelMap
{
    private readonly Dictionary<string, IReadOnlyList<string>> _map;
    private readonly Dictionary<string, string> _reverse;

    private LabelMap(Dictionary<string, IReadOnlyList<string>> map, TriageDimensions target)
    {
        _map = map;
        Target = target;
        _reverse = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (label, values) in map)
        {
            foreach (var value in values)
            {
                _reverse.TryAdd(value, label);
            }
        }
    }

    /// <summary><see cref="TriageDimensions.Priority"/> when the values are P1..P4, <see cref="TriageDimensions.Intent"/> when they are intents.</summary>
    public TriageDimensions Target { get; }

    /// <summary>The dataset labels, in the order given.</summary>
    public IReadOnlyList<string> Labels => [.. _map.Keys];

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="TriageDataException">The text is malformed, a value is neither P1..P4 nor an intent, or priorities and intents are mixed.</exception>
    public static LabelMap Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new TriageDataException($"Bad label mapping '{pair}': expected label=VALUE, e.g. high=P1.");
            }

            var values = parts[1].Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(Canonical).ToList();
            if (!map.TryAdd(parts[0], values))
            {
                throw new TriageDataException($"Label '{parts[0]}' is mapped twice.");
            }
        }

        if (map.Count == 0)
        {
            throw new TriageDataException("The label mapping is empty: expected label=VALUE pairs, e.g. high=P1,medium=P2,low=P3.");
        }

        var values2 = map.Values.SelectMany(v => v).ToList();
        var target = values2.All(IsPriority) ? TriageDimensions.Priority
            : values2.All(IsIntent) ? TriageDimensions.Intent
            : throw new TriageDataException(
                $"The label mapping '{text}' mixes priorities and intents or uses an unknown value; values must be P1..P4 or one of {string.Join(", ", TriageIntents.All)}.");
        return new LabelMap(map, target);
    }

    /// <summary>
    /// The identity mapping for labels that already are priorities (<c>P1</c>..<c>P4</c>) or intents.
    /// </summary>
    /// <exception cref="TriageDataException">The labels are neither; the message asks for a mapping.</exception>
    public static LabelMap Identity(IEnumerable<string> labels)
    {
        var distinct = labels.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (distinct.Count > 0 && (distinct.All(IsPriority) || distinct.All(IsIntent)))
        {
            return Parse(string.Join(",", distinct.Select(l => $"{l}={l}")));
        }

        throw new TriageDataException(
            $"The labels ({string.Join(", ", distinct.Take(10))}) are neither P1..P4 nor intents: give a mapping such as high=P1,medium=P2,low=P3.");
    }

    /// <summary>Whether <paramref name="label"/> is mapped.</summary>
    public bool Contains(string label) => _map.ContainsKey(label);

    /// <summary>What <paramref name="label"/> means: its first value (a priority name or an intent).</summary>
    /// <exception cref="TriageDataException">The label is not in the mapping.</exception>
    public string ToValue(string label) =>
        _map.TryGetValue(label, out var values)
            ? values[0]
            : throw new TriageDataException($"Label '{label}' is not in the mapping (known: {string.Join(", ", _map.Keys)}).");

    /// <summary>The priority <paramref name="label"/> means.</summary>
    /// <exception cref="TriageDataException">The label is not mapped, or maps to intents.</exception>
    public Priority ToPriority(string label) =>
        TriageOptions.TryParsePriority(ToValue(label), out var priority)
            ? priority
            : throw new TriageDataException($"Label '{label}' maps to '{ToValue(label)}', not to a priority.");

    /// <summary>
    /// The dataset label a prediction counts as: the label listing <paramref name="value"/>; for a priority not listed,
    /// the label of the nearest listed priority (ties go to the more urgent); otherwise <c>(value)</c>, which counts as wrong.
    /// </summary>
    public string ToLabel(string value)
    {
        if (_reverse.TryGetValue(value, out var label))
        {
            return label;
        }

        if (Target == TriageDimensions.Priority && TriageOptions.TryParsePriority(value, out var priority))
        {
            var nearest = _reverse
                .Select(p => (Label: p.Value, Distance: Math.Abs((int)Enum.Parse<Priority>(p.Key, ignoreCase: true) - (int)priority), Rank: Enum.Parse<Priority>(p.Key, ignoreCase: true)))
                .OrderBy(p => p.Distance).ThenBy(p => p.Rank).First();
            return nearest.Label;
        }

        return $"({value})";
    }

    private static string Canonical(string value) =>
        TriageOptions.TryParsePriority(value, out var priority) ? priority.ToString() : value.ToLowerInvariant();

    private static bool IsPriority(string value) => TriageOptions.TryParsePriority(value, out _);

    private static bool IsIntent(string value) => TriageIntents.All.Contains(value, StringComparer.OrdinalIgnoreCase);
}
