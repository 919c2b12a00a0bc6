namespace AgentOps.Infrastructure.Diagnostics.Drills;

/// <summary>An incident drill: reproduces a real incident on local servers, lets the engine investigate it and scores the answer.</summary>
public interface IDrill
{
    /// <summary>Scenario name used on the command line, e.g. <c>missing-index</c>.</summary>
    string Name { get; }

    /// <summary>One sentence: what the drill reproduces.</summary>
    string Description { get; }

    /// <summary>Runs the drill; servers are stopped and removed even when it fails.</summary>
    /// <exception cref="InvalidOperationException">A local server could not be started (the message names the apt package).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    Task<DrillResult> RunAsync(CancellationToken cancellationToken);
}
