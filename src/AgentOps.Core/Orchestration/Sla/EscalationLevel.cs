namespace AgentOps.Core.Orchestration.Sla;

/// <summary>
/// One level of an escalation policy (cf. the escalation matrix: level 1 auto-remediation &lt; 5 min, level 2 support
/// &lt; 15 min, level 3 dev team &lt; 30 min, level 4 architecture &lt; 1 h).
/// </summary>
/// <param name="Level">Level number, from 1.</param>
/// <param name="Targets">Names of the targets paged at this level.</param>
/// <param name="Delay">How long this level has to acknowledge before it is paged again or the next level is paged.</param>
/// <param name="Repeat">How many more times this level is paged (every <paramref name="Delay"/>) before moving on.</param>
public sealed record EscalationLevel(int Level, IReadOnlyList<string> Targets, TimeSpan Delay, int Repeat = 0);
