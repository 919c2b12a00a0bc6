using AgentOps.Core.Model;

namespace AgentOps.Core.Triage;

/// <summary>What a classifier sees: the new text only (quoted replies and signatures removed).</summary>
/// <param name="Subject">Subject line.</param>
/// <param name="Body">New text of the message.</param>
public sealed record TriageInput(string Subject, string Body)
{
    /// <summary>The customer, with tier from configuration, when known.</summary>
    public Customer? Customer { get; init; }

    /// <summary>How many incidents this sender opened before (sender history).</summary>
    public int PreviousIncidents { get; init; }

    /// <summary>Names of text attachments (e.g. <c>payment.log</c>), for signals such as "logs attached".</summary>
    public IReadOnlyList<string> AttachmentNames { get; init; } = [];
}
