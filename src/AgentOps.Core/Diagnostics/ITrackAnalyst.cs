using AgentOps.Core.Model;

namespace AgentOps.Core.Diagnostics;

/// <summary>Investigates one track kind and turns tool output into findings.</summary>
public interface ITrackAnalyst
{
    /// <summary>The track kind this analyst handles.</summary>
    TrackKind Kind { get; }

    /// <summary>Runs the investigation of <paramref name="context"/>'s track.</summary>
    /// <returns>The findings, never null; a tool that failed becomes a <see cref="FindingCategories.ToolUnavailable"/> finding.</returns>
    /// <exception cref="OperationCanceledException">The time budget ran out or the investigation was cancelled.</exception>
    Task<IReadOnlyList<Finding>> AnalyzeAsync(TrackContext context, CancellationToken cancellationToken);
}
