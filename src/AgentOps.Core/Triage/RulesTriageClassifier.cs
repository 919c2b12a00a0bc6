using System.Globalization;
using AgentOps.Core.Model;
using AgentOps.Core.Skills;

namespace AgentOps.Core.Triage;

/// <summary>
/// Offline, multilingual (en, fr, de, es) rules: urgency words, emphasis, impact categories, intent words, customer
/// tier and sender history add points to an urgency score; P1 from <see cref="P1Score"/>, P2 from
/// <see cref="P2Score"/>, P3 from 0, P4 below. Every signal that fired becomes a reason naming its words.
/// </summary>
public sealed class RulesTriageClassifier : ITriageClassifier
{
    /// <summary>Lowest score of a P1.</summary>
    public const double P1Score = 8;

    /// <summary>Lowest score of a P2.</summary>
    public const double P2Score = 3;

    private const double MaxUrgencyPoints = 7;
    private const double NegatedUrgencyPoints = -3;
    private const int FrequentSenderIncidents = 3;

    private static readonly (string Category, double Points)[] ImpactPoints =
    [
        ("production-down", 4), ("security", 4), ("data-loss", 4), ("payments", 3), ("revenue", 3), ("all-users", 3),
    ];

    private static readonly string[] IntentNames = [.. TriageLexicon.Intents.Keys];

    // One pass over the words of a message finds the terms of every group: urgency, then each impact category, then each intent.
    private const int ImpactGroup = 1;
    private static readonly int IntentGroup = ImpactGroup + ImpactPoints.Length;
    private static readonly LexiconScanner Scanner = new(
        [TriageLexicon.Urgency, .. ImpactPoints.Select(i => TriageLexicon.Impact[i.Category]), .. IntentNames.Select(i => TriageLexicon.Intents[i])]);

    private static readonly Dictionary<string, double> IntentPoints = new()
    {
        [TriageIntents.Outage] = 2,
        [TriageIntents.Security] = 1,
        [TriageIntents.Question] = -2,
        [TriageIntents.FeatureRequest] = -2,
    };

    private static readonly Dictionary<string, double> TierPoints = new(StringComparer.OrdinalIgnoreCase)
    {
        ["enterprise"] = 2,
        ["vip"] = 2,
        ["platinum"] = 2,
        ["premium"] = 1,
        ["gold"] = 1,
    };

    private readonly SkillRouter? _router;

    /// <summary>Creates the classifier; with a <paramref name="router"/>, results carry the skills of their intent and priority.</summary>
    public RulesTriageClassifier(SkillRouter? router = null)
    {
        _router = router;
    }

    /// <inheritdoc />
    public string Name => "rules";

    /// <inheritdoc />
    public Task<TriageResult> ClassifyAsync(TriageInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Analyze(input).Result);

    /// <summary>Classifies <paramref name="input"/> and returns the score and signals behind the result.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public RulesAnalysis Analyze(TriageInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = new FoldedText($"{input.Subject}\n{input.Body}");
        var matches = Scanner.Scan(text);
        var signals = new List<RuleSignal>();

        AddUrgency(text.Original, matches[0], signals);
        var impact = AddImpact(matches, signals);
        var intent = ChooseIntent(text.Original, matches, impact, signals);
        AddContext(input, signals);

        var score = signals.Sum(s => s.Points);
        var priority = score >= P1Score ? Priority.P1 : score >= P2Score ? Priority.P2 : score >= 0 ? Priority.P3 : Priority.P4;
        var reasons = signals.Select(s => s.Description).ToList();
        if (intent == TriageIntents.Bug && impact.Count > 0 && priority <= Priority.P2)
        {
            reasons.Add($"production bug: a bug with impact on {string.Join(", ", impact)}");
        }

        reasons.Add($"priority {priority}: score {Format(score)} ({Band(priority)})");
        var confidence = Confidence(score, priority, signals.Count(s => s.FromContent && s.Points != 0));
        var result = new TriageResult(priority, intent, confidence)
        {
            Reasons = reasons,
            Impact = impact,
            Skills = _router?.RouteNames(intent, priority) ?? [],
            Classifier = Name,
        };
        return new RulesAnalysis(result, score, signals);
    }

    private static void AddUrgency(string text, IReadOnlyList<TermMatch> matches, List<RuleSignal> signals)
    {
        var budget = MaxUrgencyPoints;
        void Add(string kind, double weight, string what)
        {
            var points = Math.Min(weight, budget);
            budget -= points;
            var capped = points < weight ? $", urgency capped at {Format(MaxUrgencyPoints)}" : string.Empty;
            signals.Add(new RuleSignal(kind, points, $"{what} (+{Format(points)}{capped})"));
        }

        foreach (var match in matches.Where(m => !m.Negated))
        {
            Add("urgency", match.Term.Weight, $"urgency word '{match.Text}' ({match.Term.Language})");
        }

        foreach (var match in matches.Where(m => m.Negated && m.Term.Weight >= 2))
        {
            signals.Add(new RuleSignal("negation", NegatedUrgencyPoints, $"negated urgency '{match.Text}' after a negation ({Format(NegatedUrgencyPoints)})"));
        }

        var exclamations = text.IndexOf("!!", StringComparison.Ordinal);
        if (exclamations >= 0)
        {
            var run = text.AsSpan(exclamations).IndexOfAnyExcept('!');
            Add("emphasis", 1, $"emphasis '{(run < 0 ? text[exclamations..] : text.Substring(exclamations, run))}'");
        }

        var shouted = matches.FirstOrDefault(m => !m.Negated && m.Text.Length >= 4 && m.Text.Any(char.IsLetter)
            && m.Text == m.Text.ToUpper(CultureInfo.InvariantCulture));
        if (shouted is not null)
        {
            Add("emphasis", 1, $"urgency word written in capitals '{shouted.Text}'");
        }
    }

    private static List<string> AddImpact(IReadOnlyList<TermMatch>[] groups, List<RuleSignal> signals)
    {
        var impact = new List<string>();
        for (var i = 0; i < ImpactPoints.Length; i++)
        {
            var (category, points) = ImpactPoints[i];
            var matches = groups[ImpactGroup + i];
            var positive = matches.Where(m => !m.Negated).ToList();
            if (positive.Count > 0)
            {
                impact.Add(category);
                signals.Add(new RuleSignal("impact", points, $"impact {category}: {Quote(positive)} (+{Format(points)})"));
            }
            else if (matches.Count > 0)
            {
                signals.Add(new RuleSignal("negation", 0, $"impact {category} negated, ignored: {Quote(matches)}"));
            }
        }

        return impact;
    }

    private static string ChooseIntent(string text, IReadOnlyList<TermMatch>[] groups, List<string> impact, List<RuleSignal> signals)
    {
        var scores = new Dictionary<string, (double Score, List<TermMatch> Matches)>(IntentNames.Length);
        for (var i = 0; i < IntentNames.Length; i++)
        {
            var matches = groups[IntentGroup + i].Where(m => !m.Negated).ToList();
            scores[IntentNames[i]] = (matches.Sum(m => m.Term.Weight), matches);
        }

        if (impact.Contains("production-down"))
        {
            scores[TriageIntents.Outage] = (scores[TriageIntents.Outage].Score + 2, scores[TriageIntents.Outage].Matches);
        }

        if (impact.Contains("security"))
        {
            scores[TriageIntents.Security] = (scores[TriageIntents.Security].Score + 2, scores[TriageIntents.Security].Matches);
        }

        // The highest score; on a tie, the intent listed first.
        var best = TriageIntents.All[0];
        foreach (var intent in TriageIntents.All)
        {
            if (scores[intent].Score > scores[best].Score)
            {
                best = intent;
            }
        }

        string chosen;
        string description;
        if (scores[best].Score > 0)
        {
            chosen = best;
            var words = scores[best].Matches.Count > 0 ? Quote(scores[best].Matches) : "its impact";
            description = $"intent {chosen}: {words} (score {Format(scores[best].Score)})";
        }
        else if (text.Contains('?', StringComparison.Ordinal))
        {
            chosen = TriageIntents.Question;
            description = "intent question: no intent words, the message asks a question ('?')";
        }
        else
        {
            chosen = TriageIntents.Bug;
            description = "intent bug: no intent words (default for a support message)";
        }

        var points = IntentPoints.GetValueOrDefault(chosen);
        if (points != 0)
        {
            description += $" ({(points > 0 ? "+" : string.Empty)}{Format(points)})";
        }

        signals.Add(new RuleSignal("intent", points, description));
        return chosen;
    }

    private static void AddContext(TriageInput input, List<RuleSignal> signals)
    {
        if (input.Customer is { } customer && TierPoints.TryGetValue(customer.Tier, out var tierPoints))
        {
            signals.Add(new RuleSignal("tier", tierPoints, $"customer tier {customer.Tier} ({customer.Domain}, +{Format(tierPoints)})"));
        }

        if (input.PreviousIncidents >= FrequentSenderIncidents)
        {
            signals.Add(new RuleSignal("history", 1, $"sender history: {input.PreviousIncidents} previous incidents (+1)"));
        }
    }

    private static double Confidence(double score, Priority priority, int contentSignals)
    {
        var margin = priority switch
        {
            Priority.P1 => score - P1Score,
            Priority.P2 => Math.Min(score - P2Score, P1Score - score),
            Priority.P3 => Math.Min(score, P2Score - score),
            _ => -score,
        };
        return Math.Round(Math.Clamp(0.5 + (0.07 * contentSignals) + (0.03 * margin), 0.5, 0.97), 2);
    }

    private static string Band(Priority priority) => priority switch
    {
        Priority.P1 => $">= {Format(P1Score)}",
        Priority.P2 => $">= {Format(P2Score)} and < {Format(P1Score)}",
        Priority.P3 => $">= 0 and < {Format(P2Score)}",
        _ => "< 0",
    };

    private static string Quote(IEnumerable<TermMatch> matches) => string.Join(", ", matches.Select(m => $"'{m.Text}'"));

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
