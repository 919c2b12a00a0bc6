using AgentOps.Core.Model;

namespace AgentOps.Core.Triage;

/// <summary>What the rules classifier computed: the result and the score and signals behind it (the ensemble reads them).</summary>
/// <param name="Result">The triage result.</param>
/// <param name="Score">Urgency score: P1 from <see cref="RulesTriageClassifier.P1Score"/>, P2 from <see cref="RulesTriageClassifier.P2Score"/>, P3 from 0, P4 below.</param>
/// <param name="Signals">Every signal that fired, in the order they were checked.</param>
public sealed record RulesAnalysis(TriageResult Result, double Score, IReadOnlyList<RuleSignal> Signals)
{
    /// <summary>
    /// True when the priority rests on at most one positive signal read in the message (for example a single
    /// "urgent" from a premium customer): the ensemble may then overrule a P1.
    /// </summary>
    public bool RestsOnSingleSignal => Signals.Count(s => s.FromContent && s.Kind != "intent" && s.Points > 0) <= 1;

    /// <summary>Shortcut for <c>Result.Priority</c>.</summary>
    public Priority Priority => Result.Priority;
}
