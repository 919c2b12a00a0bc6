using System.Text.Json;

namespace AgentOps.Core.Communication;

/// <summary>The outbox payload of an email (kind <c>email</c>): what the mail handlers send.</summary>
/// <param name="MessageId">Message-Id of the email, derived from the outbox message id (without angle brackets).</param>
/// <param name="From">Sender address.</param>
/// <param name="FromName">Sender display name.</param>
/// <param name="To">Recipient addresses.</param>
/// <param name="Subject">Subject line.</param>
/// <param name="TextBody">Plain-text body.</param>
public sealed record EmailPayload(string MessageId, string From, string FromName, IReadOnlyList<string> To, string Subject, string TextBody)
{
    /// <summary>Message-Id this email answers (without angle brackets), for threading.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>The thread's Message-Ids, oldest first (without angle brackets).</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>The incident it belongs to, also sent as the <c>X-AgentOps-Incident</c> header.</summary>
    public string? IncidentId { get; init; }

    /// <summary>The communication it delivers, when it comes from one.</summary>
    public string? CommunicationId { get; init; }

    /// <summary>Language of the body (Content-Language header).</summary>
    public string? Language { get; init; }

    /// <summary>Serializes to the outbox payload JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, PayloadJson.Options);

    /// <summary>Reads an outbox payload.</summary>
    /// <exception cref="JsonException">The payload is not an email payload.</exception>
    public static EmailPayload FromJson(string json) =>
        JsonSerializer.Deserialize<EmailPayload>(json, PayloadJson.Options) ?? throw new JsonException("Empty email payload.");
}
