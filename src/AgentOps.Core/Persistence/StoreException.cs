namespace AgentOps.Core.Persistence;

/// <summary>The store cannot be used: corrupt file, schema newer than this program, unreachable server. The message is meant for the user.</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);
