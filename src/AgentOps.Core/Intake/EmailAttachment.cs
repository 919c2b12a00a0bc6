namespace AgentOps.Core.Intake;

/// <summary>A text or log attachment kept as evidence.</summary>
/// <param name="Name">File name as sent (or <c>attachment-N</c>).</param>
/// <param name="ContentType">MIME type, e.g. <c>text/plain</c>.</param>
/// <param name="Content">Decoded text, at most the configured cap.</param>
/// <param name="Truncated">Whether the attachment was longer than the cap and was cut.</param>
public sealed record EmailAttachment(string Name, string ContentType, string Content, bool Truncated);
