using Microsoft.Extensions.Configuration;

namespace AgentOps.Host.Hosting;

/// <summary>
/// Where configuration comes from: <c>appsettings.json</c> of the working directory when present, else the one
/// shipped beside the executable; then environment variables prefixed <c>AGENTOPS__</c> (e.g. <c>AGENTOPS__Storage__Provider</c>).
/// </summary>
public static class AgentOpsConfiguration
{
    /// <summary>The environment variable prefix.</summary>
    public const string EnvironmentPrefix = "AGENTOPS__";

    /// <summary>The settings file used: in the working directory, else beside the executable.</summary>
    public static string SettingsFile(string workingDirectory)
    {
        var local = Path.Combine(workingDirectory, "appsettings.json");
        return File.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, "appsettings.json");
    }

    /// <summary>Adds the AgentOps sources to <paramref name="builder"/>.</summary>
    /// <exception cref="ConfigurationException">The settings file is not valid JSON.</exception>
    public static IConfigurationBuilder AddAgentOpsSources(this IConfigurationBuilder builder, string workingDirectory, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var file = SettingsFile(workingDirectory);
        if (File.Exists(file))
        {
            builder.AddJsonFile(file, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        return builder;
    }

    /// <summary>Builds the configuration, turning a malformed settings file into a <see cref="ConfigurationException"/>.</summary>
    /// <exception cref="ConfigurationException">The settings file is not valid JSON.</exception>
    public static IConfigurationRoot Build(string workingDirectory, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        try
        {
            return new ConfigurationBuilder().AddAgentOpsSources(workingDirectory, overrides).Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new ConfigurationException($"{SettingsFile(workingDirectory)} is not valid JSON: {ex.Message}", ex);
        }
    }
}
