using System.Globalization;
using System.Text.Json;

namespace AgentOps.Core.Diagnostics;

/// <summary>Reads the JSON a diagnostic tool returns (<c>{"ok":true,...}</c> or <c>{"ok":false,"error":"..."}</c>).</summary>
public sealed class ToolOutput
{
    private ToolOutput(string source, string raw, JsonElement root, bool ok, string? error)
    {
        Source = source;
        Raw = raw;
        Root = root;
        Ok = ok;
        Error = error;
    }

    /// <summary>Tool name, e.g. <c>postgres.connections</c>.</summary>
    public string Source { get; }

    /// <summary>The JSON text as returned.</summary>
    public string Raw { get; }

    /// <summary>The parsed document root.</summary>
    public JsonElement Root { get; }

    /// <summary>Whether the tool reached its target and answered.</summary>
    public bool Ok { get; }

    /// <summary>Why the tool failed, when it did.</summary>
    public string? Error { get; }

    /// <summary>Parses the output of <paramref name="source"/>; text that is not JSON becomes a failed output saying so.</summary>
    public static ToolOutput Parse(string source, string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        try
        {
            using var document = JsonDocument.Parse(raw);
            var root = document.RootElement.Clone();
            var ok = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("ok", out var okElement) && okElement.ValueKind == JsonValueKind.True;
            var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e.ToString() : null;
            return new ToolOutput(source, raw, root, ok, ok ? null : error ?? "the tool returned no ok flag");
        }
        catch (JsonException ex)
        {
            return new ToolOutput(source, raw, default, false, $"unreadable tool output: {ex.Message}");
        }
    }

    /// <summary>A number member of the root, or null.</summary>
    public double? Number(string name) => Number(Root, name);

    /// <summary>A string member of the root, or null.</summary>
    public string? Text(string name) => Text(Root, name);

    /// <summary>The items of an array member of the root (empty when missing).</summary>
    public IEnumerable<JsonElement> Items(string name) =>
        Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : [];

    /// <summary>A number member of <paramref name="element"/>, or null (numbers written as strings are read too).</summary>
    public static double? Number(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }

    /// <summary>A string member of <paramref name="element"/>, or null.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    /// <summary>A timestamp member of <paramref name="element"/>, or null.</summary>
    public static DateTimeOffset? Time(JsonElement element, string name) =>
        Text(element, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
