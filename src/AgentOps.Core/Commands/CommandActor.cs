namespace AgentOps.Core.Commands;

/// <summary>Who runs a command and through which transport (<c>cli</c>, <c>chat</c>, <c>github</c>).</summary>
public sealed record CommandActor(string Name, string Source);
