using AgentOps.Core.Model;
using AgentOps.Host.Server.Dashboard;

namespace AgentOps.Dashboard.Tests.Server.Dashboard;

public sealed class StateDiagramViewTests
{
    [Fact]
    public void IncidentTransitions_FromTheStateMachine_HaveEveryEdgeWithGuards()
    {
        // Act
        var edges = StateDiagramView.IncidentTransitions;

        // Assert
        Assert.Contains(new StateTransition("New", "Triaged", "Triage", null), edges);
        Assert.Contains(new StateTransition("Investigating", "Resolved", "Resolve", "no track in progress"), edges);
        Assert.Contains(new StateTransition("Closed", "Investigating", "Reopen", "a reason is given"), edges);
        Assert.Contains(new StateTransition("Triaged", "Triaged", "Escalate", null), edges);
        Assert.Equal(Enum.GetNames<IncidentState>().Order(), edges.Select(e => e.From).Distinct().Order());
    }

    [Fact]
    public void Render_InvestigatingIncident_MarksTheCurrentStateAndTheTransitionsTaken()
    {
        // Arrange
        var incident = new Incident { Id = "INC-2026-0001", Title = "t", State = IncidentState.Investigating, CreatedAt = DateTimeOffset.UnixEpoch };
        incident.Record(DateTimeOffset.UnixEpoch, "triage", "system", "transition", "New → Triaged", new Dictionary<string, string> { ["from"] = "New", ["to"] = "Triaged", ["trigger"] = "Triage" });
        incident.Record(DateTimeOffset.UnixEpoch, "alice", "cli", "transition", "Triaged → Investigating", new Dictionary<string, string> { ["from"] = "Triaged", ["to"] = "Investigating", ["trigger"] = "Investigate" });

        // Act
        var html = StateDiagramView.Render(incident).Value;

        // Assert
        Assert.Contains("<li class=\"state current\" aria-current=\"step\" data-state=\"Investigating\">", html, StringComparison.Ordinal);
        Assert.Contains("<li class=\"state visited\" data-state=\"Triaged\">", html, StringComparison.Ordinal);
        Assert.Contains("<li class=\"state\" data-state=\"Closed\">", html, StringComparison.Ordinal);
        Assert.Contains("<li class=\"edge taken\">Triage → Triaged</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li class=\"edge\">Mitigate → Mitigating</li>", html, StringComparison.Ordinal);
        Assert.Equal(1, html.Split("aria-current").Length - 1);
    }
}
