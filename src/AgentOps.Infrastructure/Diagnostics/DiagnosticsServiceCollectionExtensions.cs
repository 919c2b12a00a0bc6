using AgentOps.Core.Diagnostics;
using AgentOps.Infrastructure.Ai;
using AgentOps.Infrastructure.Diagnostics.Drills;
using AgentOps.Infrastructure.Tools;
using AgentOps.Infrastructure.Tools.Logs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Diagnostics;

/// <summary>Registers the diagnostic agents: tools, offline analysts, investigation runner, correlator, remediation approval and drills.</summary>
public static class DiagnosticsServiceCollectionExtensions
{
    /// <summary>Name of the <see cref="HttpClient"/> the Prometheus and HTTP probe tools use.</summary>
    public const string HttpClientName = "agentops-diagnostics";

    /// <summary>
    /// Adds the diagnostics services, bound from the <c>Tools</c>, <c>Logs</c> and <c>Diagnostics</c> sections:
    /// the log tools (<see cref="LogsServiceCollectionExtensions.AddLogTools"/>), <see cref="IToolInvoker"/> (a kernel holding the configured tools, whose log sources adapt to each track's incident), the <see cref="ITrackAnalyst"/> playbooks,
    /// <see cref="InvestigationRunner"/>, <see cref="RootCauseCorrelator"/>, <see cref="RemediationService"/> with the
    /// PostgreSQL executor, and <see cref="DrillRunner"/> with the drills.
    /// </summary>
    public static IServiceCollection AddAgentOpsDiagnostics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ToolsOptions>().Bind(configuration.GetSection(ToolsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ToolsOptions>, ToolsOptionsValidator>());
        services.AddOptions<InvestigationOptions>().Bind(configuration.GetSection(InvestigationOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(HttpClientName);
        services.AddLogTools(configuration);

        services.TryAddSingleton(sp => new DiagnosticsKernelFactory(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<LogsPluginFactory>(),
            sp.GetServices<KernelPlugin>()));
        services.TryAddSingleton<IToolInvoker>(sp => sp.GetRequiredService<DiagnosticsKernelFactory>().CreateInvoker(sp.GetRequiredService<IOptions<ToolsOptions>>().Value));
        foreach (var playbook in OfflinePlaybooks.All())
        {
            services.AddSingleton(playbook);
        }

        AddLlmAgents(services, configuration);
        services.TryAddSingleton<RootCauseCorrelator>();
        services.TryAddSingleton<InvestigationRunner>();

        services.AddSingleton<IRemediationExecutor>(sp => new PostgresRemediationExecutor(() => sp.GetRequiredService<IOptions<ToolsOptions>>().Value.Postgres.ConnectionString));
        services.AddSingleton<IRemediationExecutor>(sp => new RedisRemediationExecutor(() => sp.GetRequiredService<IOptions<ToolsOptions>>().Value.Redis.Configuration));
        services.TryAddSingleton<RemediationService>();

        services.TryAddSingleton<DrillInvestigation>();
        services.AddSingleton<IDrill, MissingIndexDrill>();
        services.AddSingleton<IDrill, RedisPoolDrill>();
        services.AddSingleton<IDrill, ExpiredKeyDrill>();
        services.TryAddSingleton<DrillRunner>();
        return services;
    }

    // LLM agents are registered after the playbooks: the runner takes the last analyst of a kind, and each agent
    // keeps the playbook of its kind as its fallback. Endpoint, model and key are the shared Ai section's.
    private static void AddLlmAgents(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LlmOptions>().Bind(configuration.GetSection(LlmOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AiOptions>().Bind(configuration.GetSection(AiOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        var llm = configuration.GetSection(LlmOptions.SectionName).Get<LlmOptions>() ?? new LlmOptions();
        var ai = configuration.GetSection(AiOptions.SectionName).Get<AiOptions>() ?? new AiOptions();
        if (!llm.Enabled || !ai.IsConfigured)
        {
            return;
        }

        var directory = Path.IsPathRooted(llm.SkillsDirectory) || Directory.Exists(llm.SkillsDirectory)
            ? llm.SkillsDirectory
            : Path.Combine(AppContext.BaseDirectory, llm.SkillsDirectory);
        foreach (var skill in Skills.SkillManifestLoader.Load(directory).Where(s => s.TrackKind is not null))
        {
            services.AddSingleton<ITrackAnalyst>(sp => new LlmTrackAnalyst(
                skill,
                OfflinePlaybooks.For(skill.TrackKind!.Value),
                sp.GetRequiredService<IOptions<AiOptions>>().Value,
                sp.GetRequiredService<IOptions<LlmOptions>>().Value,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)));
        }
    }
}
