namespace AgentOps.Core.Intake;

/// <summary>An email that cannot be turned into an incident; the message is the quarantine reason, written for a person.</summary>
public sealed class EmailRejectedException(string reason, Exception? inner = null) : Exception(reason, inner);
