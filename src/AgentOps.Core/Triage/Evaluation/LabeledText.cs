namespace AgentOps.Core.Triage.Evaluation;

/// <summary>One example of a dataset: the text (e.g. subject and body joined) and its label.</summary>
public sealed record LabeledText(string Text, string Label)
{
    /// <summary>
    /// Values of categorical columns known at triage time, each as <c>column=value</c> (e.g. <c>queue=Technical Support</c>).
    /// Default: none.
    /// </summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
}
