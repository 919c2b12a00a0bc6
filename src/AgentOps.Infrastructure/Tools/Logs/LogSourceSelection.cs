namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>The log sources of one <c>logs</c> plugin, best first, with the notes of the choice and the time window.</summary>
/// <param name="Sources">Sources to read, in order.</param>
/// <param name="Notes">What was left out or is wrong (another track's source, a missing file, a binary or cut attachment).</param>
/// <param name="Window">The incident window, or null to read whole sources.</param>
public sealed record LogSourceSelection(IReadOnlyList<RankedLogSource> Sources, IReadOnlyList<string> Notes, LogWindow? Window)
{
    /// <summary>Whether the selection was made for an incident (its searches then say what they read and why).</summary>
    public bool ForIncident { get; init; }

    /// <summary>Whether any file, folder or attachment is among the sources.</summary>
    public bool HasReadableSources => Sources.Any(s => s.Source.Kind is LogSourceKind.Path or LogSourceKind.Attachment);

    /// <summary>Whether any file or folder is among the sources.</summary>
    public bool HasPaths => Sources.Any(s => s.Source.Kind == LogSourceKind.Path);

    /// <summary>One line saying which sources a track reads, in order, and why.</summary>
    public string Describe() => Sources.Count == 0
        ? "no log source"
        : string.Join("; ", Sources.Select((s, i) => $"{i + 1}. {Display(s.Source)}: {s.Reason}"));

    /// <summary>The short name of a source for people: the file name of a path, the name otherwise.</summary>
    public static string Display(LogSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Kind == LogSourceKind.Path && source.Name == source.Path ? System.IO.Path.GetFileName(source.Path.TrimEnd(System.IO.Path.DirectorySeparatorChar)) : source.Name;
    }
}
