namespace AgentOps.Core.Communication;

/// <summary>A drafted body and how it was produced.</summary>
/// <param name="Body">The text.</param>
/// <param name="Engine">What wrote it: <c>template:ResolutionFr</c>, <c>llm:gpt-4o-mini</c>...</param>
public sealed record CommunicationDraft(string Body, string Engine);
