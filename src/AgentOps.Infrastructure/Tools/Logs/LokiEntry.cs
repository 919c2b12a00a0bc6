namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>One log line returned by Loki.</summary>
/// <param name="Timestamp">Loki's timestamp of the entry (UTC).</param>
/// <param name="Line">The log line.</param>
/// <param name="Labels">Labels of the stream the line belongs to.</param>
public sealed record LokiEntry(DateTimeOffset Timestamp, string Line, IReadOnlyDictionary<string, string> Labels);
