using AgentOps.Core.Model;

namespace AgentOps.Core.Diagnostics;

/// <summary>The outcome of an investigation run: the correlated analysis, every finding and how each track ended.</summary>
/// <param name="Analysis">Root cause, contributing causes, 5 whys and proposed remediations (also set on the incident).</param>
/// <param name="Findings">All findings of the run, in time order.</param>
/// <param name="Tracks">One report per track.</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record InvestigationResult(RootCauseAnalysis Analysis, IReadOnlyList<Finding> Findings, IReadOnlyList<TrackReport> Tracks, TimeSpan Elapsed);
