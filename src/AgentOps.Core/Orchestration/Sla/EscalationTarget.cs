namespace AgentOps.Core.Orchestration.Sla;

/// <summary>Someone to page: a team, a person or a channel, declared once and referenced by name from the levels.</summary>
/// <param name="Name">Unique name, e.g. <c>devops</c>, <c>backend</c>, <c>#incidents</c>.</param>
/// <param name="Kind"><c>team</c>, <c>person</c> or <c>channel</c>.</param>
/// <param name="Address">Where the alert goes (email, webhook or channel id); the alert handler interprets it.</param>
/// <param name="Next">The target paged after this one when the policy's levels are exhausted and nobody acknowledged.</param>
public sealed record EscalationTarget(string Name, string Kind, string? Address = null, string? Next = null);
