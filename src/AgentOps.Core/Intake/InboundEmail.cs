namespace AgentOps.Core.Intake;

/// <summary>
/// An email as AgentOps understands it: decoded headers, the new text separated from quoted replies and the
/// signature, and text attachments kept as size-capped evidence. Produced by an <see cref="IEmailParser"/>.
/// </summary>
public sealed record InboundEmail
{
    /// <summary>The Message-Id without angle brackets; a synthetic <c>sha256:…@agentops</c> id when the mail has none.</summary>
    public required string MessageId { get; init; }

    /// <summary>Display name of the sender, empty when the From header has none.</summary>
    public string FromName { get; init; } = string.Empty;

    /// <summary>Address of the sender, lower case.</summary>
    public required string FromAddress { get; init; }

    /// <summary>Recipient addresses (To then Cc).</summary>
    public IReadOnlyList<string> To { get; init; } = [];

    /// <summary>Decoded subject with mojibake repaired; empty when missing.</summary>
    public string Subject { get; init; } = string.Empty;

    /// <summary>The Date header, when present and valid.</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>The In-Reply-To message id, without angle brackets.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>The References message ids, oldest first, without angle brackets.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>What the sender wrote in this message: no quoted reply, no signature. This is what triage reads.</summary>
    public string NewText { get; init; } = string.Empty;

    /// <summary>The body of a forwarded message, when this mail forwards one (also read by triage: it is the report being passed on).</summary>
    public string ForwardedText { get; init; } = string.Empty;

    /// <summary>Quoted earlier messages (<c>&gt;</c> lines, "On … wrote:" blocks, "Original Message" blocks of replies).</summary>
    public string QuotedText { get; init; } = string.Empty;

    /// <summary>The signature block, when one was recognised.</summary>
    public string Signature { get; init; } = string.Empty;

    /// <summary>The full body text as received (after decoding and repair), quoted parts and signature included; kept for the timeline.</summary>
    public string RawText { get; init; } = string.Empty;

    /// <summary>Text and log attachments, each capped in size.</summary>
    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];

    /// <summary>What the parser had to repair or drop (mislabelled charset, mojibake, truncated attachment…), for the timeline.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The text triage classifies: the new text, then the forwarded message if any.</summary>
    public string TextForTriage =>
        ForwardedText.Length == 0 ? NewText
        : NewText.Length == 0 ? ForwardedText
        : NewText + "\n\n" + ForwardedText;

    /// <summary>Every message id this mail replies to, newest first (In-Reply-To, then References from last to first).</summary>
    public IReadOnlyList<string> ReplyTargets
    {
        get
        {
            var targets = new List<string>();
            if (!string.IsNullOrEmpty(InReplyTo))
            {
                targets.Add(InReplyTo);
            }

            for (var i = References.Count - 1; i >= 0; i--)
            {
                if (!targets.Contains(References[i], StringComparer.Ordinal))
                {
                    targets.Add(References[i]);
                }
            }

            return targets;
        }
    }
}
