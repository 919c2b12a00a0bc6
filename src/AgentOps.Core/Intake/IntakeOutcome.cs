using AgentOps.Core.Model;

namespace AgentOps.Core.Intake;

/// <summary>What happened to one email: the incident it created or joined, its triage, or why it was quarantined.</summary>
public sealed record IntakeOutcome
{
    /// <summary>What the pipeline did.</summary>
    public required IntakeStatus Status { get; init; }

    /// <summary>Where the email came from (<see cref="IntakeContext.Source"/>).</summary>
    public required string Source { get; init; }

    /// <summary>The Message-Id, when the email could be parsed.</summary>
    public string? MessageId { get; init; }

    /// <summary>The incident created or joined (for a duplicate: the incident it already belongs to).</summary>
    public string? IncidentId { get; init; }

    /// <summary>How the email joined: <c>new</c>, <c>reply</c>, <c>subject-tag</c>, <c>burst</c> or <c>duplicate</c>.</summary>
    public string? Correlation { get; init; }

    /// <summary>Priority of the incident.</summary>
    public Priority? Priority { get; init; }

    /// <summary>Intent of the incident (outage, bug, performance, security, billing, question, feature-request, change-request).</summary>
    public string? Intent { get; init; }

    /// <summary>When the incident must be resolved.</summary>
    public DateTimeOffset? SlaDeadline { get; init; }

    /// <summary>Confidence of the classification, 0–1.</summary>
    public double? Confidence { get; init; }

    /// <summary>Why: the triage reasons, or how the mail was correlated.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>Skills the incident is routed to.</summary>
    public IReadOnlyList<string> Skills { get; init; } = [];

    /// <summary>How many signals the incident now counts.</summary>
    public int SignalCount { get; init; }

    /// <summary>Why the email was quarantined; <see langword="null"/> otherwise.</summary>
    public string? QuarantineReason { get; init; }

    /// <summary>
    /// Whether the failure is likely temporary (the store was unreachable, a save kept losing concurrency races): the
    /// source should keep the email and try again later instead of quarantining it for good.
    /// </summary>
    public bool Retryable { get; init; }

    /// <summary>Whether the email is now part of an incident (created, updated or already there).</summary>
    public bool IsCommitted => Status is IntakeStatus.Created or IntakeStatus.Updated or IntakeStatus.Duplicate;

    /// <summary>A quarantine outcome for <paramref name="source"/>.</summary>
    public static IntakeOutcome Quarantine(string source, string reason, string? messageId = null) =>
        new() { Status = IntakeStatus.Quarantined, Source = source, QuarantineReason = reason, MessageId = messageId, Reasons = [reason] };
}
