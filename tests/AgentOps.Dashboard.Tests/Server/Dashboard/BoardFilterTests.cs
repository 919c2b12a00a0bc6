using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Host.Server.Dashboard;

namespace AgentOps.Dashboard.Tests.Server.Dashboard;

public sealed class BoardFilterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static readonly Incident Payments = new()
    {
        Id = "INC-2026-0001",
        Title = "Paiements bloqués",
        Priority = Priority.P1,
        State = IncidentState.Investigating,
        CreatedAt = Now,
        Customer = new Customer("Jean Martin", "support@client-existant.fr", "client-existant.fr"),
        Sla = new SlaDeadlines(Now.AddMinutes(-5), Now.AddHours(4)),
    };

    [Theory]
    [InlineData("P1", null, null, null, true)]
    [InlineData("p2", null, null, null, false)]
    [InlineData(null, "investigating", null, null, true)]
    [InlineData(null, "Mitigating", null, null, false)]
    [InlineData(null, null, "bloqués", null, true)]
    [InlineData(null, null, "client-existant", null, true)]
    [InlineData(null, null, "0001", null, true)]
    [InlineData(null, null, "disque", null, false)]
    [InlineData(null, null, null, "1", true)]
    [InlineData("P9", "Bogus", "  ", "no", true)]
    public void Matches_QueryValues_FilterAsTheBoardForm(string? priority, string? state, string? text, string? breached, bool expected)
    {
        // Arrange
        var filter = BoardFilter.Parse(priority, state, text, breached);

        // Act
        var matches = filter.Matches(IncidentSummary.From(Payments), Now);

        // Assert
        Assert.Equal(expected, matches);
    }
}
