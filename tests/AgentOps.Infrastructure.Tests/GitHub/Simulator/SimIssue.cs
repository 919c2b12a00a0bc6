namespace AgentOps.Infrastructure.Tests.GitHub.Simulator;

/// <summary>An issue held by the simulator.</summary>
internal sealed class SimIssue
{
    public required long Id { get; init; }

    public required int Number { get; init; }

    public required string Title { get; set; }

    public string? Body { get; set; }

    public string State { get; set; } = "open";

    public string? StateReason { get; set; }

    public List<string> Labels { get; set; } = [];

    public List<string> Assignees { get; set; } = [];

    public int? Milestone { get; set; }

    public required string Author { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public bool Deleted { get; set; }

    public long? ParentId { get; set; }

    public List<long> SubIssueIds { get; } = [];
}
