namespace AgentOps.Core.Diagnostics.Logs;

/// <summary>What <see cref="LogHeaderParser"/> found in front of the message of one log line.</summary>
/// <param name="Timestamp">Time written in the header, or <see langword="null"/> when none was recognised. Times
/// without a zone are taken as UTC.</param>
/// <param name="Severity">Level word of the header, <see cref="LogSeverity.Unknown"/> when none.</param>
/// <param name="ContentStart">Index in the line where the message (the part to mine) starts.</param>
public readonly record struct LogLineHeader(DateTimeOffset? Timestamp, LogSeverity Severity, int ContentStart)
{
    /// <summary>True for <see cref="LogSeverity.Error"/> and <see cref="LogSeverity.Fatal"/>.</summary>
    public bool IsError => Severity >= LogSeverity.Error;
}
