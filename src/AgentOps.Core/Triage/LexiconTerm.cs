namespace AgentOps.Core.Triage;

/// <summary>
/// A word or phrase the rules look for. Matching is case- and accent-insensitive on word boundaries; spaces match any
/// run of white space or hyphens; a trailing <c>*</c> accepts any word ending (<c>paiement*</c> matches <c>paiements</c>).
/// </summary>
/// <param name="Phrase">The phrase as written in the lexicon, e.g. <c>bloqu*</c>, <c>perte de données</c>.</param>
/// <param name="Language">ISO 639-1 code of the phrase, or <c>*</c> for any language.</param>
/// <param name="Weight">Points the phrase adds to its signal.</param>
public sealed record LexiconTerm(string Phrase, string Language, double Weight = 1.0);
