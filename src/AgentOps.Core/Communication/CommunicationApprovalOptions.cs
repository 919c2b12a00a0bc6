using AgentOps.Core.Model;

namespace AgentOps.Core.Communication;

/// <summary>Which kinds of communication wait for a person's approval. Section <c>Communication:RequireApproval</c>.</summary>
public sealed class CommunicationApprovalOptions
{
    /// <summary>Acknowledgements are sent automatically within the SLA.</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool Acknowledgement { get; set; }

    /// <summary>Status updates wait for approval.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool StatusUpdate { get; set; } = true;

    /// <summary>Resolution emails wait for approval.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool Resolution { get; set; } = true;

    /// <summary>Internal alerts go out at once.</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool InternalAlert { get; set; }

    /// <summary>Whether a communication of <paramref name="kind"/> waits for approval.</summary>
    public bool IsRequired(CommunicationKind kind) => kind switch
    {
        CommunicationKind.Acknowledgement => Acknowledgement,
        CommunicationKind.StatusUpdate => StatusUpdate,
        CommunicationKind.Resolution => Resolution,
        CommunicationKind.InternalAlert => InternalAlert,
        _ => true,
    };
}
