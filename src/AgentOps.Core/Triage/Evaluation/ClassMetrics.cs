namespace AgentOps.Core.Triage.Evaluation;

/// <summary>Precision, recall and F1 of one class, and its support (how many examples have this gold label).</summary>
public sealed record ClassMetrics(double Precision, double Recall, double F1, int Support);
