using AgentOps.Core.Model;
using AgentOps.Host.Server.Dashboard;

namespace AgentOps.Dashboard.Tests.Server.Dashboard;

public sealed class SlaCountdownTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static Incident Incident(DateTimeOffset ackBy, DateTimeOffset resolveBy) =>
        new() { Id = "INC-2026-0001", Title = "t", CreatedAt = Now.AddHours(-1), Sla = new SlaDeadlines(ackBy, resolveBy) };

    [Fact]
    public void Resolve_DeadlineAhead_CountsDownWithTheDeadlineForTheScript()
    {
        // Arrange
        var incident = Incident(Now.AddMinutes(10), Now.AddHours(3).AddMinutes(5));

        // Act
        var html = SlaCountdown.Resolve(incident, Now).Value;

        // Assert
        Assert.Equal("<time class=\"countdown running\" datetime=\"2026-11-23T13:05:00.0000000&#x2B;00:00\" data-deadline=\"2026-11-23T13:05:00.0000000&#x2B;00:00\" data-label=\"resolve\">resolve in 3h05m</time>", html);
        Assert.False(SlaCountdown.IsBreached(incident, Now));
    }

    [Fact]
    public void Acknowledge_DeadlinePassedWithoutAck_IsShownBreached()
    {
        // Arrange
        var incident = Incident(Now.AddMinutes(-25), Now.AddHours(3));

        // Act
        var html = SlaCountdown.Acknowledge(incident, Now).Value;

        // Assert
        Assert.Contains("class=\"countdown breached\"", html, StringComparison.Ordinal);
        Assert.Contains(">ack breached 25m ago</time>", html, StringComparison.Ordinal);
        Assert.True(SlaCountdown.IsBreached(incident, Now));
    }

    [Fact]
    public void Acknowledge_AckedLate_StaysBreachedOnceAcknowledged()
    {
        // Arrange
        var incident = Incident(Now.AddMinutes(-25), Now.AddHours(3));
        incident.AcknowledgedAt = Now.AddMinutes(-5);

        // Act
        var html = SlaCountdown.Acknowledge(incident, Now).Value;

        // Assert
        Assert.Equal("<span class=\"countdown breached\" data-label=\"ack\">acknowledged late</span>", html);
        Assert.True(SlaCountdown.IsBreached(incident, Now));
    }

    [Fact]
    public void Resolve_ResolvedInTime_IsMet()
    {
        // Arrange
        var incident = Incident(Now.AddMinutes(-50), Now.AddHours(1));
        incident.AcknowledgedAt = Now.AddMinutes(-55);
        incident.ResolvedAt = Now.AddMinutes(-1);

        // Act
        var html = SlaCountdown.Resolve(incident, Now.AddHours(5)).Value;

        // Assert
        Assert.Equal("<span class=\"countdown met\" data-label=\"resolve\">resolved within SLA</span>", html);
        Assert.False(SlaCountdown.IsBreached(incident, Now.AddHours(5)));
    }

    [Fact]
    public void Resolve_NoSla_SaysSo()
    {
        // Arrange
        var incident = new Incident { Id = "INC-2026-0001", Title = "t", CreatedAt = Now };

        // Act
        var html = SlaCountdown.Resolve(incident, Now).Value;

        // Assert
        Assert.Equal("<span class=\"countdown none\">no SLA</span>", html);
    }
}
