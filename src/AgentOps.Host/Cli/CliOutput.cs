using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using AgentOps.Core.Commands;

namespace AgentOps.Host.Cli;

/// <summary>Writes command results as text or JSON and returns the exit code.</summary>
public static class CliOutput
{
    /// <summary>JSON settings of every <c>--json</c> output: snake_case, enums as strings, indented.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Writes <paramref name="result"/>: JSON or text on standard output when it succeeded, the text on standard error when it failed.</summary>
    public static int Write(CliContext context, CommandResult result, bool json)
    {
        if (json)
        {
            (result.ExitCode == 0 ? context.Output : context.Error).WriteLine(JsonSerializer.Serialize(result.Data ?? new { }, Json));
        }
        else
        {
            (result.ExitCode == 0 ? context.Output : context.Error).WriteLine(result.Text);
        }

        return result.ExitCode;
    }
}
