namespace AgentOps.Core.Model;

/// <summary>A message AgentOps sends about an incident: customer email or internal alert.</summary>
public sealed class Communication
{
    /// <summary>Identifier, e.g. <c>C-INC-2026-0001-1</c>.</summary>
    public required string Id { get; init; }

    public required CommunicationKind Kind { get; init; }

    /// <summary>Channel: <c>email</c>, <c>slack</c>, <c>teams</c>, <c>mattermost</c>, <c>webhook</c>.</summary>
    public required string Channel { get; init; }

    public required string To { get; init; }

    public required string Subject { get; set; }

    public required string Body { get; set; }

    public string Language { get; init; } = "en";

    public CommunicationStatus Status { get; set; } = CommunicationStatus.Draft;

    /// <summary>Why the draft is held or why sending failed.</summary>
    public string? StatusReason { get; set; }

    /// <summary>Message-Id of the customer email this one answers (for threading).</summary>
    public string? InReplyTo { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? SentAt { get; set; }
}
