namespace AgentOps.Core.Diagnostics.Context;

/// <summary>A text or log attachment kept at intake as evidence (read back from the incident's timeline).</summary>
/// <param name="Name">File name as sent.</param>
/// <param name="ContentType">MIME type, e.g. <c>text/plain</c>.</param>
/// <param name="Content">The text kept (already capped by intake).</param>
/// <param name="Truncated">Whether intake cut it at its size cap.</param>
public sealed record IncidentAttachment(string Name, string ContentType, string Content, bool Truncated);
