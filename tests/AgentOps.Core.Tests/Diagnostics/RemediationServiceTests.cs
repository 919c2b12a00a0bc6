using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace AgentOps.Core.Tests.Diagnostics;

public sealed class RemediationServiceTests
{
    private const string CreateIndex = "CREATE INDEX CONCURRENTLY idx_users_status ON users (status)";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero));
    private readonly IRemediationExecutor _executor = Substitute.For<IRemediationExecutor>();
    private readonly RemediationService _service;

    public RemediationServiceTests()
    {
        _executor.CanRun(Arg.Any<Remediation>()).Returns(true);
        _executor.RunAsync(Arg.Any<Remediation>(), Arg.Any<CancellationToken>()).Returns("ran in 1.2 s");
        _service = new RemediationService([_executor], _time);
    }

    [Fact]
    public async Task ApplyAsync_NotApproved_RefusesAndNeverCallsTheExecutor()
    {
        // Arrange
        var incident = Incident();

        // Act
        var result = await _service.ApplyAsync(incident, "R-1", "alice", "cli", CancellationToken.None);

        // Assert
        Assert.False(result.Succeeded);
        Assert.Contains("must be approved first", result.Message, StringComparison.Ordinal);
        await _executor.DidNotReceiveWithAnyArgs().RunAsync(default!, default);
        Assert.Equal(RemediationStatus.Proposed, incident.RootCause!.Remediations[0].Status);
        Assert.Empty(incident.Timeline);
    }

    [Fact]
    public void Approve_Proposed_SetsApprovedAndRecordsTheApprovalOnTheTimeline()
    {
        // Arrange
        var incident = Incident();

        // Act
        var result = _service.Approve(incident, "r-1", "alice", "cli");

        // Assert
        Assert.True(result.Succeeded);
        var remediation = incident.RootCause!.Remediations[0];
        Assert.Equal(RemediationStatus.Approved, remediation.Status);
        Assert.Equal("alice", remediation.ApprovedBy);
        var evt = Assert.Single(incident.Timeline);
        Assert.Equal("approval", evt.Kind);
        Assert.Equal("alice", evt.Actor);
        Assert.Equal("R-1", evt.Data["remediation"]);
    }

    [Fact]
    public async Task ApplyAsync_Approved_RunsTheActionAndRecordsTheOutcome()
    {
        // Arrange
        var incident = Incident();
        _service.Approve(incident, "R-1", "alice", "cli");

        // Act
        var result = await _service.ApplyAsync(incident, "R-1", "alice", "cli", CancellationToken.None);

        // Assert
        Assert.True(result.Succeeded);
        await _executor.Received(1).RunAsync(Arg.Is<Remediation>(r => r.Action == CreateIndex && r.Status == RemediationStatus.Approved), Arg.Any<CancellationToken>());
        Assert.Equal(RemediationStatus.Applied, incident.RootCause!.Remediations[0].Status);
        Assert.Equal("ran in 1.2 s", incident.RootCause.Remediations[0].Outcome);
        Assert.Equal(["approval", "remediation"], incident.Timeline.Select(e => e.Kind));
    }

    [Fact]
    public async Task ApplyAsync_ExecutorFails_RecordsFailedWithTheReason()
    {
        // Arrange
        var incident = Incident();
        _service.Approve(incident, "R-1", "alice", "cli");
        _executor.RunAsync(Arg.Any<Remediation>(), Arg.Any<CancellationToken>()).ThrowsAsync(new InvalidOperationException("relation \"users\" does not exist"));

        // Act
        var result = await _service.ApplyAsync(incident, "R-1", "alice", "cli", CancellationToken.None);

        // Assert
        Assert.False(result.Succeeded);
        Assert.Equal(RemediationStatus.Failed, incident.RootCause!.Remediations[0].Status);
        Assert.Contains("does not exist", incident.Timeline[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_Rejected_RefusesAndNeverCallsTheExecutor()
    {
        // Arrange
        var incident = Incident();
        _service.Reject(incident, "R-1", "bob", "cli", "not during business hours");

        // Act
        var result = await _service.ApplyAsync(incident, "R-1", "bob", "cli", CancellationToken.None);

        // Assert
        Assert.False(result.Succeeded);
        await _executor.DidNotReceiveWithAnyArgs().RunAsync(default!, default);
        Assert.Equal(RemediationStatus.Rejected, incident.RootCause!.Remediations[0].Status);
    }

    [Fact]
    public void Approve_UnknownId_ListsTheKnownOnes()
    {
        // Arrange
        var incident = Incident();

        // Act
        var result = _service.Approve(incident, "R-9", "alice", "cli");

        // Assert
        Assert.False(result.Succeeded);
        Assert.Contains("Known: R-1", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Approve_AlreadyApproved_IsRefused()
    {
        // Arrange
        var incident = Incident();
        _service.Approve(incident, "R-1", "alice", "cli");

        // Act
        var result = _service.Approve(incident, "R-1", "mallory", "email");

        // Assert
        Assert.False(result.Succeeded);
        Assert.Equal("alice", incident.RootCause!.Remediations[0].ApprovedBy);
    }

    private Incident Incident() =>
        new()
        {
            Id = "INC-2026-0001",
            Title = "users page slow",
            CreatedAt = _time.GetUtcNow(),
            RootCause = new RootCauseAnalysis("No index on users.status.", FindingCategories.DbMissingIndex, 0.9)
            {
                Remediations = [new Remediation("R-1", "Create the missing index.", CreateIndex, "low")],
            },
        };
}
