namespace AgentOps.Core.Commands;

/// <summary>A command cannot be carried out (unknown incident, ambiguous track); the message is for the user.</summary>
public sealed class CommandFailedException(string message) : Exception(message);
