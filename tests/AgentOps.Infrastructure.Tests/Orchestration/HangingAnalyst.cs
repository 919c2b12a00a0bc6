using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;

namespace AgentOps.Infrastructure.Tests.Orchestration;

/// <summary>An analyst that never answers until cancelled: its node is stuck in the middle of the track.</summary>
internal sealed class HangingAnalyst(TrackKind kind) : ITrackAnalyst
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TrackKind Kind => kind;

    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(TrackContext context, CancellationToken cancellationToken)
    {
        Entered.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return [];
    }
}
