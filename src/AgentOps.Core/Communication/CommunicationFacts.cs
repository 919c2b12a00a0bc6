using AgentOps.Core.Model;

namespace AgentOps.Core.Communication;

/// <summary>Everything a drafter may use to write one communication, taken from the incident.</summary>
/// <param name="Kind">What the communication is for.</param>
/// <param name="Language">ISO 639-1 code of the language to write in (<c>en</c>, <c>fr</c>, <c>de</c>, <c>es</c>).</param>
/// <param name="Variables">Template variables (<c>incident_id</c>, <c>cause</c>, <c>time_to_resolve</c>...).</param>
public sealed record CommunicationFacts(CommunicationKind Kind, string Language, IReadOnlyDictionary<string, string> Variables)
{
    /// <summary>Facts the draft must contain; checked by <see cref="DraftChecker"/>.</summary>
    public IReadOnlyList<RequiredFact> Required { get; init; } = [];

    /// <summary>The prompt function that renders these facts, e.g. <c>ResolutionFr</c>: the kind, then the language's suffix.</summary>
    public string FunctionName => Kind.ToString() + CommunicationLanguage.Of(Language).Suffix;
}
