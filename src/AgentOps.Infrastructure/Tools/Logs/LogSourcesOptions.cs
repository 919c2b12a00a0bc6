using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>
/// What the <c>logs</c> tool of the diagnostic agents may read (section <c>Tools:Logs</c>): files and folders, and a Loki
/// stream selector (the Loki server itself is <see cref="LogsOptions.LokiBaseUrl"/>). The tool is offered when a path is
/// set or Loki is configured; its functions read nothing outside these sources.
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

    /// <summary>Whether any file or folder is configured.</summary>
    public bool HasPaths => Paths.Exists(p => !string.IsNullOrWhiteSpace(p));
}
