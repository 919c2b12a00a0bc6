namespace AgentOps.Core.Model;

/// <summary>An inbound message that may open or update an incident: an email, a chat command, a GitHub comment or an alert.</summary>
/// <param name="Id">Stable identity used for de-duplication (the Message-Id of an email, the delivery id of a webhook).</param>
/// <param name="Kind">The transport it came from.</param>
/// <param name="ReceivedAt">When AgentOps received it.</param>
/// <param name="From">The sender (email address, chat user, GitHub login).</param>
/// <param name="Subject">Subject or title; empty when the transport has none.</param>
/// <param name="Body">The new text of the message, without quoted replies or signatures.</param>
public sealed record Signal(
    string Id,
    SignalKind Kind,
    DateTimeOffset ReceivedAt,
    string From,
    string Subject,
    string Body)
{
    /// <summary>Message ids this signal replies to (In-Reply-To then References), newest first.</summary>
    public IReadOnlyList<string> InReplyTo { get; init; } = [];

    /// <summary>The raw text as received (quoted parts and signature included), kept for the timeline.</summary>
    public string? RawText { get; init; }

    /// <summary>Free-form headers or metadata from the transport.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
