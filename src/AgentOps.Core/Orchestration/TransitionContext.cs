namespace AgentOps.Core.Orchestration;

/// <summary>Who asks for a transition, through which transport, and why.</summary>
/// <param name="Actor">A person (<c>alice</c>, <c>@octocat</c>) or a component (<c>triage</c>).</param>
/// <param name="Source">The transport: <c>cli</c>, <c>email</c>, <c>github</c>, <c>chat</c>, <c>system</c>, <c>scheduler</c>.</param>
/// <param name="Reason">Required for forced or waived transitions; recorded on the timeline.</param>
public sealed record TransitionContext(string Actor, string Source, string? Reason = null)
{
    internal bool HasReason => !string.IsNullOrWhiteSpace(Reason);
}
