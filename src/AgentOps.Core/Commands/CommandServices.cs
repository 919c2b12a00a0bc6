using AgentOps.Core.Communication;
using AgentOps.Core.Diagnostics;
using AgentOps.Core.Orchestration.Sla;
using AgentOps.Core.PostMortem;

namespace AgentOps.Core.Commands;

/// <summary>The stage services some verbs call; a verb whose service is not registered says so instead of failing.</summary>
/// <param name="Sla">Acknowledge, escalate and SLA report (<c>ack</c>, <c>escalate</c>, <c>sla</c>).</param>
/// <param name="Communications">Drafts, approval and sending (<c>comms-send</c>).</param>
/// <param name="PostMortems">Post-mortem and runbook generation.</param>
/// <param name="Remediations">Approval and execution of proposed fixes (<c>approve</c>).</param>
/// <param name="IssueTracker">GitHub sync (<c>epic-sync</c>, <c>issue-sync</c>), when configured.</param>
/// <param name="Timers">SLA timers, kept in step with incidents created or moved by commands.</param>
public sealed record CommandServices(
    SlaCommands? Sla = null,
    CommunicationService? Communications = null,
    PostMortemService? PostMortems = null,
    RemediationService? Remediations = null,
    IIssueTracker? IssueTracker = null,
    ISlaTimers? Timers = null);
