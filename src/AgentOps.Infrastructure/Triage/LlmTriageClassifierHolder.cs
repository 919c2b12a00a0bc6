using AgentOps.Infrastructure.Ai;

namespace AgentOps.Infrastructure.Triage;

/// <summary>The LLM classifier when an endpoint is configured, else null (a DI service cannot itself be null).</summary>
/// <param name="Classifier">The classifier, or null.</param>
public sealed record LlmTriageClassifierHolder(LlmTriageClassifier? Classifier);
