namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>Where the lines of a <see cref="LogSource"/> come from.</summary>
public enum LogSourceKind
{
    /// <summary>A file or a folder on disk.</summary>
    Path,

    /// <summary>A Loki stream selector.</summary>
    Loki,

    /// <summary>A text or log attachment of the incident's emails, held in memory.</summary>
    Attachment,
}
