namespace AgentOps.Core.Orchestration.Sla;

/// <summary>One page of the escalation ladder of an incident.</summary>
/// <param name="Page">Page number, from 1 (page 1 is sent when the acknowledgement deadline is breached).</param>
/// <param name="Level">The escalation level this page belongs to.</param>
/// <param name="Targets">Who is paged.</param>
/// <param name="NextAfter">How long until the next page when nobody acknowledges.</param>
/// <param name="IsRepeat">Whether this page repeats the previous level instead of moving up one level.</param>
public sealed record EscalationStep(int Page, int Level, IReadOnlyList<EscalationTarget> Targets, TimeSpan NextAfter, bool IsRepeat);
