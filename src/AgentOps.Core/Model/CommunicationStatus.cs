namespace AgentOps.Core.Model;

/// <summary>Where a communication stands.</summary>
public enum CommunicationStatus
{
    /// <summary>Waiting for approval (<c>agentops pm comms-send</c>).</summary>
    Draft,
    /// <summary>Failed the pre-send check; the reason says why.</summary>
    Held,
    /// <summary>Approved and placed in the outbox.</summary>
    Queued,
    Sent,
    Failed,
}
