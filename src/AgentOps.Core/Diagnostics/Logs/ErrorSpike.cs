namespace AgentOps.Core.Diagnostics.Logs;

/// <summary>A time window whose error count stands above the baseline.</summary>
/// <param name="Start">Start of the window (UTC).</param>
/// <param name="Window">Width of the window.</param>
/// <param name="Errors">Lines of level ERROR or worse in the window.</param>
/// <param name="Lines">All timestamped lines in the window.</param>
/// <param name="Baseline">Median error count per window over the whole span.</param>
/// <param name="TopTemplateId">Template that produced most of the window's errors, 0 when templates were not given.</param>
public sealed record ErrorSpike(DateTimeOffset Start, TimeSpan Window, long Errors, long Lines, double Baseline, int TopTemplateId);
