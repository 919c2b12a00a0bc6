using AgentOps.Core.Diagnostics.Logs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>Registers the log tools.</summary>
public static class LogsServiceCollectionExtensions
{
    /// <summary>Binds <see cref="LogsOptions"/> (section <c>Logs</c>) and <see cref="LogTemplateMinerOptions"/>
    /// (section <c>Logs:Miner</c>), validated at start, and registers <see cref="LogFileReader"/>,
    /// <see cref="LogAnalyzer"/>, a typed <see cref="LokiClient"/> and <see cref="LogsPluginFactory"/> (the diagnostic
    /// kernels take their <c>logs</c> plugin from it). Calling it twice registers nothing more.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application configuration.</param>
    public static IServiceCollection AddLogTools(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(LogsPluginFactory)))
        {
            return services;
        }

        services.AddOptions<LogsOptions>().Bind(configuration.GetSection(LogsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LogTemplateMinerOptions>().Bind(configuration.GetSection(LogTemplateMinerOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LogFileReader>();
        services.TryAddSingleton<LogAnalyzer>();
        services.AddHttpClient<LokiClient>((sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<LogsOptions>>().Value;
            if (!string.IsNullOrWhiteSpace(options.LokiBaseUrl))
            {
                var url = options.LokiBaseUrl.EndsWith('/') ? options.LokiBaseUrl : options.LokiBaseUrl + "/";
                http.BaseAddress = new Uri(url, UriKind.Absolute);
            }

            http.Timeout = options.LokiTimeout;
        });
        services.TryAddSingleton<LogsPluginFactory>();
        return services;
    }
}
