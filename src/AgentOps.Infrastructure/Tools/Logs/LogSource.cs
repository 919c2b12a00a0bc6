namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>A log source the <c>logs</c> plugin may read, resolved from configuration or from an incident's attachment.</summary>
/// <param name="Name">Name shown to agents and on the timeline; also accepted as the <c>path</c> argument.</param>
/// <param name="Kind">Where its lines come from.</param>
public sealed record LogSource(string Name, LogSourceKind Kind)
{
    /// <summary>Full path of the file or folder (<see cref="LogSourceKind.Path"/>).</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>LogQL stream selector (<see cref="LogSourceKind.Loki"/>).</summary>
    public string LokiQuery { get; init; } = string.Empty;

    /// <summary>The attachment's text (<see cref="LogSourceKind.Attachment"/>).</summary>
    public string Content { get; init; } = string.Empty;

    /// <summary>Track kinds it is tagged for; empty: every track.</summary>
    public IReadOnlyList<string> Tracks { get; init; } = [];

    /// <summary>Services it covers.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>Hosts it covers.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>Whether it comes from the untagged <see cref="LogSourcesOptions.Paths"/> or <see cref="LogSourcesOptions.LokiQuery"/> settings.</summary>
    public bool Legacy { get; init; }
}
