using AgentOps.Core.Model;

namespace AgentOps.Core.Persistence;

/// <summary>The columns of an incident needed to compare it with a new email, without its document or timeline.</summary>
/// <param name="Id">The incident id, e.g. <c>INC-2026-0042</c>.</param>
/// <param name="Title">Its title.</param>
/// <param name="State">Its state.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record IncidentHeader(string Id, string Title, IncidentState State, DateTimeOffset CreatedAt);
