using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Sla;

namespace AgentOps.Core.Tests.Orchestration.Sla;

/// <summary>The escalation matrix of the seed scenario: level 1 auto-remediation &lt; 5 min, 2 support &lt; 15 min, 3 dev team &lt; 30 min, 4 architecture &lt; 1 h.</summary>
internal static class SlaTestData
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static EscalationMatrix Matrix(TimeSpan? reminderBefore = null) => new(
        [
            new EscalationTarget("auto-remediation", "team", "devops@agence.fr"),
            new EscalationTarget("support", "team", "support@agence.fr"),
            new EscalationTarget("backend", "team", "backend@agence.fr", Next: "cto"),
            new EscalationTarget("architecture", "team", "archi@agence.fr", Next: "cto"),
            new EscalationTarget("cto", "person", "cto@agence.fr"),
            new EscalationTarget("#incidents", "channel", "https://chat.example/hooks/incidents"),
        ],
        new Dictionary<Priority, IReadOnlyList<EscalationLevel>>
        {
            [Priority.P1] =
            [
                new EscalationLevel(1, ["auto-remediation", "#incidents"], TimeSpan.FromMinutes(5)),
                new EscalationLevel(2, ["support"], TimeSpan.FromMinutes(15), Repeat: 1),
                new EscalationLevel(3, ["backend"], TimeSpan.FromMinutes(30)),
                new EscalationLevel(4, ["architecture"], TimeSpan.FromHours(1)),
            ],
            [Priority.P3] = [new EscalationLevel(1, ["support"], TimeSpan.FromHours(4))],
        },
        reminderBefore ?? TimeSpan.FromMinutes(10));

    public static Incident Incident(Priority priority = Priority.P1, string id = "INC-2026-0001") => new()
    {
        Id = id,
        Title = "Paiements bloqués",
        Priority = priority,
        State = IncidentState.Triaged,
        CreatedAt = Start,
        Sla = new SlaDeadlines(Start.AddMinutes(15), Start.AddHours(4)) { ResolutionTarget = TimeSpan.FromHours(4) },
    };
}
