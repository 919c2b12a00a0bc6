using System.Text.Json;

namespace AgentOps.Core.Communication;

/// <summary>The outbox payload of an internal alert to a webhook (kind <c>webhook</c>); the handler shapes it for the channel type.</summary>
/// <param name="Channel">Name of the configured channel (<see cref="AlertChannelOptions.Name"/>); its URL is looked up at delivery.</param>
/// <param name="ChannelType"><c>slack</c>, <c>teams</c>, <c>mattermost</c> or <c>webhook</c>.</param>
/// <param name="Title">First line, e.g. <c>🚨 ALERTE P1 - Paiements bloqués</c>.</param>
/// <param name="Text">The whole alert as plain text.</param>
public sealed record AlertPayload(string Channel, string ChannelType, string Title, string Text)
{
    /// <summary>Labelled facts (Client, Impact, SLA, Assigné...), in order.</summary>
    public IReadOnlyList<AlertField> Fields { get; init; } = [];

    public string? IncidentId { get; init; }

    public string? CommunicationId { get; init; }

    /// <summary>Incident priority, e.g. <c>P1</c> (colour of the card).</summary>
    public string? Priority { get; init; }

    /// <summary>Serializes to the outbox payload JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, PayloadJson.Options);

    /// <summary>Reads an outbox payload.</summary>
    /// <exception cref="JsonException">The payload is not an alert payload.</exception>
    public static AlertPayload FromJson(string json) =>
        JsonSerializer.Deserialize<AlertPayload>(json, PayloadJson.Options) ?? throw new JsonException("Empty alert payload.");
}
