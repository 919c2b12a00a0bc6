namespace AgentOps.Core.Communication;

/// <summary>A fact a draft must contain before it can be sent.</summary>
/// <param name="Name">What it is, e.g. <c>incident id</c>, <c>cause</c>.</param>
/// <param name="Value">The text that must appear.</param>
/// <param name="Paraphrase">When true, most significant words of <paramref name="Value"/> are enough (a model may rephrase a cause); otherwise the exact text (case-insensitive).</param>
public sealed record RequiredFact(string Name, string Value, bool Paraphrase = false);
