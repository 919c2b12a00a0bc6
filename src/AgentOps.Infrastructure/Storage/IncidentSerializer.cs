using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using AgentOps.Core.Model;

namespace AgentOps.Infrastructure.Storage;

/// <summary>
/// JSON form of incidents and timeline events as the stores keep them. The incident document holds every field
/// except <see cref="Incident.Timeline"/> (stored row by row, append-only) and <see cref="Incident.Version"/>
/// (a column of its own, checked on every save).
/// </summary>
public static class IncidentSerializer
{
    /// <summary>The options used for every stored document: camelCase names, enums as strings, offsets kept.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serializes an incident without its timeline and version.</summary>
    public static string Serialize(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return JsonSerializer.Serialize(incident, Options);
    }

    /// <summary>Reads an incident written by <see cref="Serialize(Incident)"/>; its timeline is empty and its version 0.</summary>
    /// <exception cref="JsonException">The document is not a valid incident.</exception>
    public static Incident Deserialize(string json) =>
        JsonSerializer.Deserialize<Incident>(json, Options) ?? throw new JsonException("The incident document is null.");

    /// <summary>Serializes one timeline event.</summary>
    public static string SerializeEvent(TimelineEvent timelineEvent) => JsonSerializer.Serialize(timelineEvent, Options);

    /// <summary>Reads a timeline event written by <see cref="SerializeEvent(TimelineEvent)"/>.</summary>
    /// <exception cref="JsonException">The document is not a valid timeline event.</exception>
    public static TimelineEvent DeserializeEvent(string json) =>
        JsonSerializer.Deserialize<TimelineEvent>(json, Options) ?? throw new JsonException("The timeline event document is null.");

    private static JsonSerializerOptions CreateOptions()
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(static info =>
        {
            if (info.Type != typeof(Incident))
            {
                return;
            }

            for (var i = info.Properties.Count - 1; i >= 0; i--)
            {
                var name = info.Properties[i].Name;
                if (name is "timeline" or "version")
                {
                    info.Properties.RemoveAt(i);
                }
            }
        });

        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = resolver,
            WriteIndented = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,

            // Stored documents are read back by this serializer only, never embedded in HTML or script: accents and
            // markup characters (frequent in email bodies) are written as they are, not as \u escapes.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly();
        return options;
    }
}
