namespace AgentOps.Core.Diagnostics.Context;

/// <summary>A piece of what the incident says, with where it was said.</summary>
/// <param name="Where">Where the text comes from, as a reason would say it: <c>the incident title</c>, <c>the email subject</c>, <c>the email body</c>.</param>
/// <param name="Text">The text itself (untrusted: matched, never obeyed).</param>
public sealed record IncidentText(string Where, string Text);
