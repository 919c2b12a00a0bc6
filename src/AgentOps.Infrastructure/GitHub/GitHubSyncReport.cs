namespace AgentOps.Infrastructure.GitHub;

/// <summary>What one sync did on GitHub. Counters are updated from parallel work, hence the methods.</summary>
public sealed class GitHubSyncReport(string incidentId)
{
    private int _created;
    private int _updated;
    private int _linked;
    private int _comments;
    private readonly List<string> _notes = [];

    /// <summary>The incident synced.</summary>
    public string IncidentId { get; } = incidentId;

    /// <summary>The epic issue number, once known.</summary>
    public int? EpicIssueNumber { get; set; }

    /// <summary>Track number → issue number.</summary>
    public Dictionary<int, int> TrackIssueNumbers { get; } = [];

    /// <summary>Issues created.</summary>
    public int Created => _created;

    /// <summary>Issues edited (title, body, labels, state).</summary>
    public int Updated => _updated;

    /// <summary>Sub-issue links added.</summary>
    public int Linked => _linked;

    /// <summary>Progress comments posted or edited.</summary>
    public int CommentsWritten => _comments;

    /// <summary>Whether the server has the sub-issues API (the task list is then the only link).</summary>
    public bool SubIssuesSupported { get; set; } = true;

    /// <summary>Reconciliations and oddities worth telling the user (issue deleted by hand, duplicate found...).</summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            lock (_notes)
            {
                return [.. _notes];
            }
        }
    }

    internal void CountCreated() => Interlocked.Increment(ref _created);

    internal void CountUpdated() => Interlocked.Increment(ref _updated);

    internal void CountLinked() => Interlocked.Increment(ref _linked);

    internal void CountComment() => Interlocked.Increment(ref _comments);

    internal void Note(string note)
    {
        lock (_notes)
        {
            _notes.Add(note);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{IncidentId}: epic #{EpicIssueNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, {TrackIssueNumbers.Count} track issue(s); created {Created}, updated {Updated}, linked {Linked}, comments {CommentsWritten}"
        + (Notes.Count == 0 ? string.Empty : "; " + string.Join("; ", Notes));
}
