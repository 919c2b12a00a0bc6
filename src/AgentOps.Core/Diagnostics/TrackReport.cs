using AgentOps.Core.Model;

namespace AgentOps.Core.Diagnostics;

/// <summary>How one track of an investigation ended.</summary>
/// <param name="Number">Track number.</param>
/// <param name="Kind">Track kind.</param>
/// <param name="Outcome"><c>completed</c>, <c>timed-out</c>, <c>failed</c> or <c>skipped</c>.</param>
/// <param name="Note">Why it timed out, failed or was skipped.</param>
/// <param name="FindingCount">Findings recorded by the track in this run.</param>
/// <param name="Elapsed">Time the track took.</param>
public sealed record TrackReport(int Number, TrackKind Kind, string Outcome, string? Note, int FindingCount, TimeSpan Elapsed);
