namespace AgentOps.Core.Diagnostics.Logs;

/// <summary>Level of a log line as read from its header, normalised across formats.</summary>
public enum LogSeverity
{
    /// <summary>No level word found in the header.</summary>
    Unknown = 0,
    Trace = 1,
    Debug = 2,
    Info = 3,
    Notice = 4,
    Warning = 5,
    Error = 6,
    /// <summary>FATAL, CRITICAL, SEVERE, ALERT, EMERG, PANIC, FAILURE.</summary>
    Fatal = 7,
}
