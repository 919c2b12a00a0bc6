using AgentOps.Core.Commands;
using AgentOps.Core.Communication;
using AgentOps.Core.Diagnostics;
using AgentOps.Core.Orchestration.Sla;
using AgentOps.Core.Persistence;
using AgentOps.Core.PostMortem;
using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Communication;
using AgentOps.Infrastructure.Diagnostics;
using AgentOps.Infrastructure.GitHub;
using AgentOps.Infrastructure.Mail;
using AgentOps.Infrastructure.Scheduling;
using AgentOps.Infrastructure.Tools.Logs;
using AgentOps.Infrastructure.Triage;
using AgentOps.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
        services.AddAgentOpsTriage(configuration);
        services.AddAgentOpsIntake(configuration);
        services.AddLogTools(configuration);
        services.AddAgentOpsDiagnostics(configuration);
        services.AddAgentOpsCommunication(configuration);
        services.AddAgentOpsGitHub(configuration);
        if (configuration.GetSection(GitHubOptions.SectionName).Exists())
        {
            // One dispatcher (leases, backoff, dead letters) delivers every kind, GitHub calls included.
            services.AddSingleton<IOutboxHandler, GitHubOutboxDelivery>();
            services.PostConfigure<GitHubOptions>(o => o.DeliverOutboxInBackground = false);
            services.AddSingleton<IIssueTracker, GitHubIssueTracker>();
        }
        services.AddAgentOpsScheduling(configuration);
        services.AddSingleton(sp => new CommandServices(
            sp.GetService<SlaCommands>(),
            sp.GetService<CommunicationService>(),
            sp.GetService<PostMortemService>(),
            sp.GetService<RemediationService>(),
            sp.GetService<IIssueTracker>(),
            sp.GetService<ISlaTimers>()));
        services.AddSingleton(sp => new CommandExecutor(
            sp.GetRequiredService<IIncidentStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ISlaPolicy>(),
            sp.GetRequiredService<CommandServices>()));
        return services;
    }

    /// <summary>
    /// Builds the Generic Host the verbs run on (configuration, Serilog, options validated at start) without starting
    /// its hosted services; <c>serve</c> starts it.
    /// </summary>
    /// <exception cref="ConfigurationException">A configuration value is invalid; the message names the key.</exception>
    public static IHost Build(IConfiguration configuration, string workingDirectory, Action<IServiceCollection>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = workingDirectory,
            EnvironmentName = configuration["Environment"] ?? Environments.Production,
        });
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddAgentOps(builder.Configuration);
        configure?.Invoke(builder.Services);
        var logging = builder.Configuration.GetSection(LoggingOptions.SectionName).Get<LoggingOptions>() ?? new LoggingOptions();
        var logger = CreateLogger(logging);
        Log.Logger = logger;
        builder.Services.AddSerilog(logger, dispose: true);
        var registrations = builder.Services.ToList();
        var host = builder.Build();
        OptionsValidation.ValidateAll(host.Services, registrations);
        return host;
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
            .Enrich.FromLogContext()
            .Enrich.With(new Server.Security.SecretRedactionEnricher());
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
