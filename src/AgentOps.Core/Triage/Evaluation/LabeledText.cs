namespace AgentOps.Core.Triage.Evaluation;

/// <summary>One example of a dataset: the text (e.g. subject and body joined) and its label.</summary>
public sealed record LabeledText(string Text, string Label);
