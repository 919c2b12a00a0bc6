namespace AgentOps.Core.Model;

/// <summary>What a communication is for.</summary>
public enum CommunicationKind
{
    Acknowledgement,
    StatusUpdate,
    Resolution,
    InternalAlert,
}
