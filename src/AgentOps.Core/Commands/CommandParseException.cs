namespace AgentOps.Core.Commands;

/// <summary>The command text is not valid: unknown verb, missing or extra arguments, unknown option. The message says how to fix it.</summary>
public sealed class CommandParseException(string message, CommandSpec? spec = null) : Exception(message)
{
    /// <summary>The verb that was recognised, when one was.</summary>
    public CommandSpec? Spec { get; } = spec;
}
