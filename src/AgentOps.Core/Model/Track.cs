namespace AgentOps.Core.Model;

/// <summary>An investigation track of an incident (a CCPM "issue" of the epic).</summary>
public sealed class Track
{
    /// <summary>Number of the track within its incident, from 1.</summary>
    public required int Number { get; init; }

    public required TrackKind Kind { get; init; }

    public required string Title { get; set; }

    public TrackState State { get; set; } = TrackState.Open;

    /// <summary>Numbers of the tracks that must be done before this one can start.</summary>
    public List<int> DependsOn { get; init; } = [];

    /// <summary>The GitHub issue number this track is synced to, once synced.</summary>
    public int? GitHubIssueNumber { get; set; }

    public string? Assignee { get; set; }

    public List<Finding> Findings { get; init; } = [];

    /// <summary>Why the track is blocked or cancelled, when it is.</summary>
    public string? StateReason { get; set; }
}
