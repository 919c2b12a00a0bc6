using AgentOps.Core.Model;

namespace AgentOps.Core.Persistence;

/// <summary>
/// What lists, the board, <c>status</c> and the SLA report show of an incident: its scalar fields and a few counts,
/// without its tracks, findings, communications or timeline. Database stores compute it in SQL
/// (<see cref="IIncidentStore.ListSummariesAsync"/>); <see cref="From"/> computes it from a loaded incident.
/// </summary>
public sealed record IncidentSummary
{
    /// <summary>The incident id, e.g. <c>INC-2026-0042</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The title.</summary>
    public required string Title { get; init; }

    /// <summary>The priority.</summary>
    public Priority Priority { get; init; }

    /// <summary>The severity.</summary>
    public Severity Severity { get; init; }

    /// <summary>The state.</summary>
    public IncidentState State { get; init; }

    /// <summary>The customer, or <see langword="null"/> when unknown.</summary>
    public Customer? Customer { get; init; }

    /// <summary>The intent found by triage, or <see langword="null"/> before triage.</summary>
    public string? Intent { get; init; }

    /// <summary>The SLA deadlines, or <see langword="null"/> when there is no SLA.</summary>
    public SlaDeadlines? Sla { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the store last saved it; <see langword="null"/> when the store does not record it (and in <see cref="From"/>).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>When it was acknowledged.</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>When it was resolved.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>How many times it was escalated.</summary>
    public int EscalationLevel { get; init; }

    /// <summary>How many signals (emails, alerts) were merged into it.</summary>
    public int SignalCount { get; init; }

    /// <summary>How many investigation tracks it has.</summary>
    public int TrackCount { get; init; }

    /// <summary>How many of its tracks are <see cref="TrackState.Done"/>.</summary>
    public int TracksDone { get; init; }

    /// <summary>How many communications await approval (<see cref="CommunicationStatus.Draft"/> or <see cref="CommunicationStatus.Held"/>).</summary>
    public int DraftsAwaitingApproval { get; init; }

    /// <summary>The GitHub epic issue number, when synchronized.</summary>
    public int? GitHubIssueNumber { get; init; }

    /// <summary>The version saved in the store.</summary>
    public long Version { get; init; }

    /// <summary>The summary of a loaded incident (<see cref="UpdatedAt"/> is <see langword="null"/>: the incident does not carry it).</summary>
    public static IncidentSummary From(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return new IncidentSummary
        {
            Id = incident.Id,
            Title = incident.Title,
            Priority = incident.Priority,
            Severity = incident.Severity,
            State = incident.State,
            Customer = incident.Customer,
            Intent = incident.Triage?.Intent,
            Sla = incident.Sla,
            CreatedAt = incident.CreatedAt,
            AcknowledgedAt = incident.AcknowledgedAt,
            ResolvedAt = incident.ResolvedAt,
            EscalationLevel = incident.EscalationLevel,
            SignalCount = incident.SignalCount,
            TrackCount = incident.Tracks.Count,
            TracksDone = incident.Tracks.Count(t => t.State == TrackState.Done),
            DraftsAwaitingApproval = incident.Communications.Count(c => c.Status is CommunicationStatus.Draft or CommunicationStatus.Held),
            GitHubIssueNumber = incident.GitHubIssueNumber,
            Version = incident.Version,
        };
    }
}
