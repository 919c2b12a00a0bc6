namespace AgentOps.Core.Communication;

/// <summary>Writes the text of a communication from its facts: a prompt template rendered offline, or a language model.</summary>
public interface ICommunicationDrafter
{
    /// <summary>Drafts the body of the communication described by <paramref name="facts"/>.</summary>
    /// <exception cref="InvalidOperationException">No template exists for the facts' function name.</exception>
    Task<CommunicationDraft> DraftAsync(CommunicationFacts facts, CancellationToken cancellationToken = default);
}
