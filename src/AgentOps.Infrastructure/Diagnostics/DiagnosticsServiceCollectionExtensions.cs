using AgentOps.Core.Diagnostics;
using AgentOps.Infrastructure.Diagnostics.Drills;
using AgentOps.Infrastructure.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Diagnostics;

/// <summary>Registers the diagnostic agents: tools, offline analysts, investigation runner, correlator, remediation approval and drills.</summary>
public static class DiagnosticsServiceCollectionExtensions
{
    /// <summary>Name of the <see cref="HttpClient"/> the Prometheus and HTTP probe tools use.</summary>
    public const string HttpClientName = "agentops-diagnostics";

    /// <summary>
    /// Adds the diagnostics services, bound from the <c>Tools</c> and <c>Diagnostics</c> sections:
    /// <see cref="IToolInvoker"/> (a kernel holding the configured tools), the <see cref="ITrackAnalyst"/> playbooks,
    /// <see cref="InvestigationRunner"/>, <see cref="RootCauseCorrelator"/>, <see cref="RemediationService"/> with the
    /// PostgreSQL executor, and <see cref="DrillRunner"/> with the drills.
    /// </summary>
    public static IServiceCollection AddAgentOpsDiagnostics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ToolsOptions>().Bind(configuration.GetSection(ToolsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InvestigationOptions>().Bind(configuration.GetSection(InvestigationOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(HttpClientName);

        services.TryAddSingleton(sp => new DiagnosticsKernelFactory(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IToolInvoker>(sp => new KernelToolInvoker(sp.GetRequiredService<DiagnosticsKernelFactory>().Create(sp.GetRequiredService<IOptions<ToolsOptions>>().Value)));
        services.AddSingleton<ITrackAnalyst, DatabasePlaybook>();
        services.AddSingleton<ITrackAnalyst, CachePlaybook>();
        services.AddSingleton<ITrackAnalyst, NetworkPlaybook>();
        services.AddSingleton<ITrackAnalyst, MonitoringPlaybook>();
        services.TryAddSingleton<RootCauseCorrelator>();
        services.TryAddSingleton<InvestigationRunner>();

        services.AddSingleton<IRemediationExecutor>(sp => new PostgresRemediationExecutor(() => sp.GetRequiredService<IOptions<ToolsOptions>>().Value.Postgres.ConnectionString));
        services.AddSingleton<IRemediationExecutor>(sp => new RedisRemediationExecutor(() => sp.GetRequiredService<IOptions<ToolsOptions>>().Value.Redis.Configuration));
        services.TryAddSingleton<RemediationService>();

        services.TryAddSingleton<DrillInvestigation>();
        services.AddSingleton<IDrill, MissingIndexDrill>();
        services.AddSingleton<IDrill, RedisPoolDrill>();
        services.TryAddSingleton<DrillRunner>();
        return services;
    }
}
