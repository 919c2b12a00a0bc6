using System.Text.Json;
using System.Text.Json.Serialization;
using AgentOps.Core.Skills;

namespace AgentOps.Infrastructure.Skills;

/// <summary>Reads skill manifests from <c>&lt;base&gt;/&lt;name&gt;/skill.json</c>.</summary>
public static class SkillManifestLoader
{
    private const string FileName = "skill.json";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Loads every <c>*/skill.json</c> under <paramref name="baseFolder"/>, ordered by folder name. A missing folder gives no skills.</summary>
    /// <exception cref="InvalidDataException">A manifest is not valid JSON, has no name or description, or two share a name; the message names the file.</exception>
    public static IReadOnlyList<SkillManifest> Load(string baseFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseFolder);
        if (!Directory.Exists(baseFolder))
        {
            return [];
        }

        var manifests = new List<SkillManifest>();
        var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var folder in Directory.GetDirectories(baseFolder).Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(folder, FileName);
            if (!File.Exists(path))
            {
                continue;
            }

            var manifest = Read(path);
            if (files.TryGetValue(manifest.Name, out var other))
            {
                throw new InvalidDataException($"{path}: skill name '{manifest.Name}' is already used by {other}.");
            }

            files[manifest.Name] = path;
            manifests.Add(manifest);
        }

        return manifests;
    }

    /// <summary>Reads one manifest file.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON or lacks name or description; the message names the file.</exception>
    public static SkillManifest Read(string path)
    {
        SkillManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<SkillManifest>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: invalid skill manifest JSON ({ex.Message})", ex);
        }

        if (manifest is null || string.IsNullOrWhiteSpace(manifest.Name) || string.IsNullOrWhiteSpace(manifest.Description))
        {
            throw new InvalidDataException($"{path}: a skill manifest needs a non-empty \"name\" and \"description\".");
        }

        return manifest;
    }
}
