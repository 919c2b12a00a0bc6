using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Host.Server.Dashboard;

namespace AgentOps.Dashboard.Tests.Server.Dashboard;

public sealed class BoardPageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Render_InjectionInTitleCustomerAndFilter_IsEncoded()
    {
        // Arrange
        var incident = HostileIncident.Create(Now);

        // Act
        var html = BoardPage.Render([IncidentSummary.From(incident)], BoardFilter.Parse(null, null, HostileIncident.Payload[..10], null), Now).Value;

        // Assert
        HostileIncident.AssertInert(html);
        Assert.Contains("value=\"&lt;script&gt;al\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_IncidentsOfSeveralPriorities_GroupsThemMostUrgentFirstWithCountsByState()
    {
        // Arrange
        Incident[] open =
        [
            new() { Id = "INC-2026-0002", Title = "b", Priority = Priority.P2, State = IncidentState.New, CreatedAt = Now },
            new() { Id = "INC-2026-0001", Title = "a", Priority = Priority.P1, State = IncidentState.Investigating, CreatedAt = Now },
            new() { Id = "INC-2026-0003", Title = "c", Priority = Priority.P1, State = IncidentState.Investigating, CreatedAt = Now },
        ];

        // Act
        var html = BoardPage.Render([.. open.Select(IncidentSummary.From)], BoardFilter.Parse(null, null, null, null), Now).Value;

        // Assert
        Assert.True(html.IndexOf("id=\"P1\"", StringComparison.Ordinal) < html.IndexOf("id=\"P2\"", StringComparison.Ordinal));
        Assert.Contains("<td><a href=\"/?priority=P1&amp;state=Investigating\">2</a></td>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge prio P1\">P1</span> 2 open", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"P3\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FilterMatchesNothing_SaysSo()
    {
        // Arrange
        var open = new[] { new Incident { Id = "INC-2026-0001", Title = "a", CreatedAt = Now } };

        // Act
        var html = BoardPage.Render([.. open.Select(IncidentSummary.From)], BoardFilter.Parse("P1", null, null, null), Now).Value;

        // Assert
        Assert.Contains("No open incident matches these filters.", html, StringComparison.Ordinal);
    }
}
