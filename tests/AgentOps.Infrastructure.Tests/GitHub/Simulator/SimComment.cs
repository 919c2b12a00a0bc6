namespace AgentOps.Infrastructure.Tests.GitHub.Simulator;

/// <summary>A comment held by the simulator.</summary>
internal sealed class SimComment
{
    public required long Id { get; init; }

    public required int IssueNumber { get; init; }

    public required string Body { get; set; }

    public required string Author { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}
