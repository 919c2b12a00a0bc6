namespace AgentOps.Core.PostMortem;

/// <summary>A corrective or preventive action with an owner (a role or team, never a person) and a due date.</summary>
/// <param name="Description">What must be done.</param>
/// <param name="Owner">The owning role or team, e.g. <c>Database team</c>.</param>
/// <param name="Due">Due date.</param>
/// <param name="Done">Already done during the incident.</param>
/// <param name="Basis">What in the incident calls for it (finding id, cause, timing).</param>
public sealed record ActionItem(string Description, string Owner, DateOnly Due, bool Done, string Basis);
