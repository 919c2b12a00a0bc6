using AgentOps.Host.Server.Dashboard;

namespace AgentOps.Dashboard.Tests.Server.Dashboard;

public sealed class IncidentPageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Render_InjectionInEveryField_IsEncodedEverywhere()
    {
        // Arrange
        var incident = HostileIncident.Create(Now);

        // Act
        var html = IncidentPage.Render(incident, new IncidentPage.Context(Now, true, "tok\"en", n => $"https://github.com/acme/payments/issues/{n}", HostileIncident.Payload, NoticeIsError: true)).Value;

        // Assert
        HostileIncident.AssertInert(html);
        Assert.Contains("value=\"tok&quot;en\"", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://github.com/acme/payments/issues/8\" rel=\"noopener noreferrer\" class=\"github\">GitHub #8</a>", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/incidents/INC-2026-0666/communications/%3Cscript%3Ealert%281%29%3C%2Fscript%3E", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ViewerNotLoggedIn_OffersLoginInsteadOfApproveButtons()
    {
        // Arrange
        var incident = HostileIncident.Create(Now);

        // Act
        var html = IncidentPage.Render(incident, new IncidentPage.Context(Now, false, null, null)).Value;

        // Assert
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/login\">Log in</a> with a key that can write to approve.", html, StringComparison.Ordinal);
        Assert.Contains(" · GitHub #8", html, StringComparison.Ordinal);
    }
}
