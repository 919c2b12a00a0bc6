namespace AgentOps.Core.Orchestration;

/// <summary>
/// A trigger is not allowed in the current state, or a guard refused it. The message names the current state,
/// the unmet conditions and the allowed triggers; nothing was changed.
/// </summary>
public sealed class InvalidTransitionException(string message, string currentState, IReadOnlyList<string> allowedTriggers)
    : Exception(message)
{
    public string CurrentState { get; } = currentState;

    public IReadOnlyList<string> AllowedTriggers { get; } = allowedTriggers;
}
