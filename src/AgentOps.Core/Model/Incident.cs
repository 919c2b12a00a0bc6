namespace AgentOps.Core.Model;

/// <summary>
/// An incident: the unit AgentOps handles from the first signal to the post-mortem.
/// State lives here and is driven by <see cref="Orchestration.IncidentStateMachine"/>; the timeline is append-only.
/// </summary>
public sealed class Incident
{
    private readonly List<TimelineEvent> _timeline = [];

    /// <summary>Stable identifier, e.g. <c>INC-2026-0042</c>.</summary>
    public required string Id { get; init; }

    public required string Title { get; set; }

    public Priority Priority { get; set; } = Priority.P3;

    public Severity Severity { get; set; } = Severity.Sev3;

    public IncidentState State { get; set; } = IncidentState.New;

    public Customer? Customer { get; set; }

    public SlaDeadlines? Sla { get; set; }

    public TriageResult? Triage { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Current escalation level (0 = not escalated).</summary>
    public int EscalationLevel { get; set; }

    /// <summary>How many inbound signals folded into this incident (a burst of similar mails counts each one).</summary>
    public int SignalCount { get; set; } = 1;

    /// <summary>Message ids of the emails that belong to this incident (for threading replies).</summary>
    public List<string> MessageIds { get; init; } = [];

    public InvestigationBrief? Brief { get; set; }

    public InvestigationPlan? Plan { get; set; }

    public List<Track> Tracks { get; init; } = [];

    public List<Communication> Communications { get; init; } = [];

    /// <summary>The correlated root cause, once the tracks have reported.</summary>
    public RootCauseAnalysis? RootCause { get; set; }

    public PostMortemReport? PostMortem { get; set; }

    /// <summary>Why a P1/P2 was closed without post-mortem, when it was.</summary>
    public string? PostMortemWaiver { get; set; }

    /// <summary>The GitHub epic issue number, once synced.</summary>
    public int? GitHubIssueNumber { get; set; }

    /// <summary>
    /// Version for optimistic concurrency: the value read from the store. Saving with a stale version fails
    /// instead of overwriting someone else's change. 0 means never saved.
    /// </summary>
    public long Version { get; set; }

    /// <summary>The append-only timeline, in order.</summary>
    public IReadOnlyList<TimelineEvent> Timeline => _timeline;

    /// <summary>Appends an event to the timeline with the next sequence number.</summary>
    /// <returns>The event appended.</returns>
    public TimelineEvent Record(
        DateTimeOffset at,
        string actor,
        string source,
        string kind,
        string message,
        IReadOnlyDictionary<string, string>? data = null)
    {
        var evt = new TimelineEvent(_timeline.Count + 1, at, actor, source, kind, message)
        {
            Data = data ?? new Dictionary<string, string>(),
        };
        _timeline.Add(evt);
        return evt;
    }

    /// <summary>Restores persisted timeline events; used by stores only.</summary>
    /// <exception cref="InvalidOperationException">The events are not contiguous from the current end of the timeline.</exception>
    public void LoadTimeline(IEnumerable<TimelineEvent> events)
    {
        foreach (var evt in events)
        {
            if (evt.Sequence != _timeline.Count + 1)
            {
                throw new InvalidOperationException(
                    $"Timeline of {Id} is not contiguous: expected event {_timeline.Count + 1}, got {evt.Sequence}.");
            }

            _timeline.Add(evt);
        }
    }

    /// <summary>Finds a track by its number.</summary>
    public Track? FindTrack(int number) => Tracks.Find(t => t.Number == number);
}
