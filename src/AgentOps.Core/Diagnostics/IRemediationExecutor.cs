using AgentOps.Core.Model;

namespace AgentOps.Core.Diagnostics;

/// <summary>Runs an approved remediation against its target (PostgreSQL, Redis...). Only <see cref="RemediationService"/> calls it, after approval.</summary>
public interface IRemediationExecutor
{
    /// <summary>Whether this executor knows how to run <paramref name="remediation"/>'s action.</summary>
    bool CanRun(Remediation remediation);

    /// <summary>Runs the action.</summary>
    /// <returns>A short outcome, e.g. <c>CREATE INDEX done in 2.1 s</c>.</returns>
    /// <exception cref="InvalidOperationException">The action failed; the message says why.</exception>
    Task<string> RunAsync(Remediation remediation, CancellationToken cancellationToken);
}
