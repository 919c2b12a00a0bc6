using AgentOps.Core.Commands;
using AgentOps.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace AgentOps.Host.Hosting;

/// <summary>Builds the service container the CLI verbs and <c>serve</c> run on.</summary>
public static class AgentOpsServices
{
    /// <summary>Registers everything AgentOps needs from <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddAgentOps(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<LoggingOptions>().Bind(configuration.GetSection(LoggingOptions.SectionName)).ValidateDataAnnotations();
        services.AddAgentOpsStorage(configuration);
        services.AddSingleton<CommandExecutor>(sp => ActivatorUtilities.CreateInstance<CommandExecutor>(sp));
        return services;
    }

    /// <summary>Builds a validated provider for a CLI verb.</summary>
    /// <exception cref="ConfigurationException">A configuration value is invalid; the message names the key.</exception>
    public static ServiceProvider Build(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddAgentOps(configuration);
        var logging = configuration.GetSection(LoggingOptions.SectionName).Get<LoggingOptions>() ?? new LoggingOptions();
        services.AddLogging(builder => builder.ClearProviders().AddSerilog(CreateLogger(logging), dispose: true));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
        OptionsValidation.ValidateAll(provider, services);
        return provider;
    }

    /// <summary>A Serilog logger: console on standard error, and a rolling file (text or compact JSON).</summary>
    public static Serilog.ILogger CreateLogger(LoggingOptions options)
    {
        var fileLevel = Enum.TryParse<LogEventLevel>(options.Level, out var l) ? l : LogEventLevel.Information;
        var consoleLevel = Enum.TryParse<LogEventLevel>(options.ConsoleLevel, out var c) ? c : LogEventLevel.Warning;
        var config = new LoggerConfiguration()
            .MinimumLevel.Is((LogEventLevel)Math.Min((int)fileLevel, (int)consoleLevel))
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Quartz", LogEventLevel.Warning)
            .Enrich.FromLogContext();
        config = options.Json
            ? config.WriteTo.Console(new CompactJsonFormatter(), consoleLevel, standardErrorFromLevel: LogEventLevel.Verbose)
            : config.WriteTo.Console(consoleLevel, standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        if (!string.IsNullOrWhiteSpace(options.File))
        {
            config = options.Json
                ? config.WriteTo.File(new CompactJsonFormatter(), options.File, fileLevel, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14)
                : config.WriteTo.File(options.File, fileLevel, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }

        return config.CreateLogger();
    }
}
