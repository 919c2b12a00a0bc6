using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>
/// What the <c>logs</c> tool of the diagnostic agents may read (section <c>Tools:Logs</c>): untagged files and folders
/// (<see cref="Paths"/>) and a Loki stream selector, tagged sources (<see cref="Sources"/>), and the attachments of the
/// incident's emails; plus how the incident picks among them (<see cref="LogSourceSelector"/>) and the time window
/// around its start. The tool is offered when a source exists or Loki is configured; its functions read nothing else.
/// </summary>
public sealed class LogSourcesOptions
{
    /// <summary>Log files or folders (read recursively, <c>.gz</c> included).</summary>
    /// <value>Default none.</value>
    public List<string> Paths { get; init; } = [];

    /// <summary>LogQL stream selector of the application's logs in Loki, e.g. <c>{app="payments"}</c>; used by <c>logs.search</c>
    /// when no path is set and by <c>logs.loki_query</c> when the caller gives no query.</summary>
    /// <value>Default empty (Loki searched only with an explicit query).</value>
    public string LokiQuery { get; set; } = string.Empty;

    /// <summary>How far back <c>logs.search</c> looks in Loki.</summary>
    /// <value>Default 6 hours.</value>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan LokiLookBack { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Tagged sources: files, folders or Loki streams with the tracks, services and hosts they cover.</summary>
    /// <value>Default none.</value>
    public List<LogSourceOptions> Sources { get; init; } = [];

    /// <summary>Whether searches centre on the incident's start (<see cref="WindowBefore"/>, <see cref="WindowAfter"/>)
    /// instead of reading whole files. Lines without a timestamp are always kept, and a source with no line in the
    /// window is read whole, with a note.</summary>
    /// <value>Default true.</value>
    public bool UseIncidentWindow { get; set; } = true;

    /// <summary>How far before the incident's start the window opens.</summary>
    /// <value>Default 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan WindowBefore { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How far after the incident's start the window closes.</summary>
    /// <value>Default 4 hours.</value>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan WindowAfter { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Whether the text and log attachments of the incident's emails become log sources (read whole: the reporter chose the excerpt).</summary>
    /// <value>Default true.</value>
    public bool AttachmentsAsSources { get; set; } = true;

    /// <summary>Track kinds that read the attachments (names of <c>TrackKind</c>, any case).</summary>
    /// <value>Default none, which means <c>Application</c> only.</value>
    public List<string> AttachmentTracks { get; init; } = [];

    /// <summary>Most characters of one attachment read as a log; a longer one is cut, with a note.</summary>
    /// <value>Default 1,048,576.</value>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxAttachmentChars { get; set; } = 1024 * 1024;
}
