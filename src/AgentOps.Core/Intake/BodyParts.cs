namespace AgentOps.Core.Intake;

/// <summary>An email body split by <see cref="ReplySplitter"/>.</summary>
/// <param name="NewText">What the sender wrote in this message.</param>
/// <param name="QuotedText">Quoted earlier messages.</param>
/// <param name="Signature">The signature block.</param>
/// <param name="ForwardedText">The body of a forwarded message (its header block removed).</param>
public sealed record BodyParts(string NewText, string QuotedText, string Signature, string ForwardedText);
