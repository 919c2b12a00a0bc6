namespace AgentOps.Core.Communication;

/// <summary>The outcome of a communication command, as a value: a message for the user and the communications touched.</summary>
/// <param name="Succeeded">Whether the command did what was asked.</param>
/// <param name="Message">What happened, for the CLI, chat or GitHub reply.</param>
/// <param name="Communications">The communications created or changed.</param>
public sealed record CommunicationResult(bool Succeeded, string Message, IReadOnlyList<Model.Communication> Communications)
{
    internal static CommunicationResult Fail(string message) => new(false, message, []);
}
