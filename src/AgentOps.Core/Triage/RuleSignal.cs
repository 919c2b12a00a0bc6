namespace AgentOps.Core.Triage;

/// <summary>One signal the rules classifier saw, with the points it added to the urgency score.</summary>
/// <param name="Kind">What kind of signal: <c>urgency</c>, <c>emphasis</c>, <c>impact</c>, <c>negation</c>, <c>intent</c>, <c>tier</c>, <c>history</c>.</param>
/// <param name="Points">Points added to (or, when negative, taken from) the urgency score.</param>
/// <param name="Description">Human-readable reason naming the words that fired.</param>
public sealed record RuleSignal(string Kind, double Points, string Description)
{
    /// <summary>True for signals read in the message itself (not the customer's tier or history).</summary>
    public bool FromContent => Kind is not ("tier" or "history");
}
