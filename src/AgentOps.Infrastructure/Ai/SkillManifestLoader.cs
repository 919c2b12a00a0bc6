using System.Text.Json;
using System.Text.Json.Serialization;
using AgentOps.Core.Skills;

namespace AgentOps.Infrastructure.Ai;

/// <summary>Reads skill manifests from <c>skills/&lt;name&gt;/skill.json</c>.</summary>
public static class SkillManifestLoader
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Loads every <c>*/skill.json</c> under <paramref name="directory"/>; a missing folder gives an empty list.</summary>
    /// <exception cref="InvalidDataException">A manifest is not valid JSON or lacks a name; the message names the file.</exception>
    public static IReadOnlyList<SkillManifest> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.EnumerateFiles(directory, "skill.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(Load).ToList();
    }

    /// <summary>Loads one manifest.</summary>
    /// <exception cref="InvalidDataException">Not valid JSON or no name.</exception>
    public static SkillManifest Load(string path)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<SkillManifest>(File.ReadAllText(path), Options);
            return manifest is { Name.Length: > 0 } ? manifest : throw new InvalidDataException($"{path}: a skill needs a name.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }
}
