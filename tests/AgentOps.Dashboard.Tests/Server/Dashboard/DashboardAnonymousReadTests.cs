using System.Net;

namespace AgentOps.Dashboard.Tests.Server.Dashboard;

/// <summary><c>Server:AllowAnonymousRead</c>: pages open without login, approving still needs one.</summary>
public sealed class DashboardAnonymousReadTests(AnonymousReadServerFixture fixture) : IClassFixture<AnonymousReadServerFixture>
{
    private DashboardServer Server => fixture.Server;

    [Fact]
    public async Task IncidentPage_AnonymousReadAllowed_IsShownWithoutApproveButtons()
    {
        // Arrange
        using var session = new DashboardSession(Server);

        // Act
        var board = await session.Http.GetAsync("/");
        var incident = await session.Http.GetStringAsync($"/incidents/{Server.Seed.Resolved}");

        // Assert
        Assert.Equal(HttpStatusCode.OK, board.StatusCode);
        Assert.Contains(Server.Seed.Investigating, await board.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("<a href=\"/login\">Log in</a> with a key that can write to approve.", incident, StringComparison.Ordinal);
        Assert.DoesNotContain("Approve and send", incident, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_AnonymousReadAllowed_StillRedirectsToLoginAndChangesNothing()
    {
        // Arrange
        using var session = new DashboardSession(Server);
        var before = await Server.Store.FindAsync(Server.Seed.Resolved);

        // Act
        var response = await session.Http.PostAsync($"/incidents/{Server.Seed.Resolved}/communications/{Server.Seed.ResolutionDraftId}/approve", new FormUrlEncodedContent([]));
        var after = await Server.Store.FindAsync(Server.Seed.Resolved);

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(before!.Version, after!.Version);
    }
}
