namespace AgentOps.Core.Diagnostics.Logs;

/// <summary>One template mined by <see cref="LogTemplateMiner"/>, with its statistics.</summary>
/// <param name="Id">Template id, stable for the life of the miner (1-based).</param>
/// <param name="Text">Tokens joined by single spaces, variables as <c>&lt;*&gt;</c>.</param>
/// <param name="Count">Lines that matched.</param>
/// <param name="ErrorCount">Of which with level ERROR or worse.</param>
/// <param name="WarningCount">Of which with level WARN.</param>
/// <param name="Severity">Most frequent level of the lines.</param>
/// <param name="FirstSeen">Earliest timestamp, <see langword="null"/> when no line had one.</param>
/// <param name="LastSeen">Latest timestamp.</param>
/// <param name="PeakBurst">Busiest bucket of <see cref="LogTemplateMinerOptions.BurstWindow"/>, when timestamps exist.</param>
/// <param name="Sample">First line that created the template, cut to <see cref="LogTemplateMinerOptions.SampleLength"/>.</param>
public sealed record LogTemplate(
    int Id,
    string Text,
    long Count,
    long ErrorCount,
    long WarningCount,
    LogSeverity Severity,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    LogBurst? PeakBurst,
    string Sample);
