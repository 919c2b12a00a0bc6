namespace AgentOps.Core.Triage;

/// <summary>One occurrence of a <see cref="LexiconTerm"/> in a message.</summary>
/// <param name="Term">The lexicon entry that fired.</param>
/// <param name="Text">The words as written in the message, e.g. <c>Paiements</c>.</param>
/// <param name="Negated">True when a negation (<c>not</c>, <c>pas</c>, <c>nicht</c>, <c>no</c>...) stands just before it in the same clause.</param>
public sealed record TermMatch(LexiconTerm Term, string Text, bool Negated);
