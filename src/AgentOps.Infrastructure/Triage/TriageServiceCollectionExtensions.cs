using AgentOps.Core.Skills;
using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Ai;
using AgentOps.Infrastructure.Skills;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Triage;

/// <summary>Registers triage: options, customer directory, SLA policy, skill router, classifiers and the train/eval service.</summary>
public static class TriageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="TriageOptions"/> (section <c>Triage</c>) and <see cref="AiOptions"/> (section <c>Ai</c>), both validated
    /// at start; <see cref="ICustomerDirectory"/>, <see cref="ISlaPolicy"/>, <see cref="SkillRouter"/> (manifests from
    /// <see cref="TriageOptions.SkillsPath"/>), <see cref="RulesTriageClassifier"/>, the <see cref="ITriageClassifier"/> chosen by
    /// <see cref="TriageOptions.Classifier"/>, and <see cref="TriageCommandService"/>. Relative paths resolve against the
    /// current directory, then the application folder.
    /// </summary>
    public static IServiceCollection AddAgentOpsTriage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TriageOptions>().Bind(configuration.GetSection(TriageOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TriageOptions>, TriageOptionsValidator>());
        services.AddOptions<AiOptions>().Bind(configuration.GetSection(AiOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<ICustomerDirectory>(sp => new ConfiguredCustomerDirectory(Options(sp)));
        services.TryAddSingleton<ISlaPolicy>(sp => new SlaPolicy(Options(sp)));
        services.TryAddSingleton(sp => new SkillRouter(SkillManifestLoader.Load(ResolvePath(Options(sp).SkillsPath))));
        services.TryAddSingleton(sp => new RulesTriageClassifier(sp.GetRequiredService<SkillRouter>()));
        services.TryAddSingleton<LlmTriageClassifierHolder>(sp =>
        {
            var ai = sp.GetRequiredService<IOptions<AiOptions>>().Value;
            return new LlmTriageClassifierHolder(ai.IsConfigured
                ? new LlmTriageClassifier(AiKernelFactory.Create(ai), ResolvePath(Options(sp).PromptsPath), sp.GetRequiredService<RulesTriageClassifier>(), sp.GetRequiredService<SkillRouter>())
                : null);
        });
        services.TryAddSingleton(CreateClassifier);
        services.TryAddSingleton(sp => new TriageCommandService(
            Options(sp), sp.GetRequiredService<SkillRouter>(), sp.GetRequiredService<LlmTriageClassifierHolder>().Classifier, sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary><paramref name="path"/> as is when absolute or present under the current directory, else under the application folder.</summary>
    public static string ResolvePath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Path.IsPathRooted(path) || Path.Exists(path))
        {
            return Path.GetFullPath(path);
        }

        return Path.Combine(AppContext.BaseDirectory, path);
    }

    private static ITriageClassifier CreateClassifier(IServiceProvider services)
    {
        var options = Options(services);
        var rules = services.GetRequiredService<RulesTriageClassifier>();
        var router = services.GetRequiredService<SkillRouter>();
        var llm = services.GetRequiredService<LlmTriageClassifierHolder>().Classifier;
        var map = options.LabelMap is null ? null : LabelMap.Parse(options.LabelMap);
        MlTriageClassifier? Ml() => options.ModelPath is null ? null : new MlTriageClassifier(MlTextModel.Load(ResolvePath(options.ModelPath)), map, rules, router);
        return options.Classifier switch
        {
            "ml" => Ml()!,
            "llm" => llm ?? throw new InvalidOperationException("Triage:Classifier is llm but no LLM endpoint is configured (set Ai:Endpoint)."),
            "ensemble" => new EnsembleTriageClassifier(rules, (ITriageClassifier?)Ml() ?? llm, options, router),
            _ => rules,
        };
    }

    private static TriageOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<TriageOptions>>().Value;
}
