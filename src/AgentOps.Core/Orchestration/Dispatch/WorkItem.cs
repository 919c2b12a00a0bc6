using AgentOps.Core.Model;

namespace AgentOps.Core.Orchestration.Dispatch;

/// <summary>
/// One unit of work for the <see cref="WorkDispatcher"/>: triage an incident, investigate one track, sync to GitHub,
/// send a communication... It belongs to an incident (so it can be cancelled with it) and to a skill (which bounds
/// how many of its kind run at once).
/// </summary>
/// <param name="IncidentId">The incident the work is for.</param>
/// <param name="Priority">The incident's priority: P1 goes to the head of the queue.</param>
/// <param name="Kind">What sort of work it is.</param>
/// <param name="Skill">The skill (agent) that performs it, e.g. <c>database</c>, <c>github</c>; per-skill limits apply to this name.</param>
/// <param name="Run">The work. It receives a token cancelled when the incident is resolved or merged, or the dispatcher stops.</param>
public sealed record WorkItem(string IncidentId, Priority Priority, WorkKind Kind, string Skill, Func<CancellationToken, Task> Run)
{
    /// <summary>A short description for logs and <c>status</c>, e.g. <c>track #2 database</c>.</summary>
    public string Description { get; init; } = string.Empty;
}
