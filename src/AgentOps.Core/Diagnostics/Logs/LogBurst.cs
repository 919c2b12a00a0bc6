namespace AgentOps.Core.Diagnostics.Logs;

/// <summary>The busiest time bucket of a template.</summary>
/// <param name="Start">Start of the bucket.</param>
/// <param name="Window">Width of the bucket.</param>
/// <param name="Count">Lines of the template in the bucket.</param>
public readonly record struct LogBurst(DateTimeOffset Start, TimeSpan Window, long Count);
