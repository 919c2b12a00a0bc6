using AgentOps.Core.Communication;
using AgentOps.Core.PostMortem;
using AgentOps.Infrastructure.Ai;
using AgentOps.Infrastructure.Alerts;
using AgentOps.Infrastructure.Mail;
using AgentOps.Infrastructure.PostMortem;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Communication;

/// <summary>Registers communication (emails, alerts, outbox delivery) and post-mortem services.</summary>
public static class CommunicationServiceCollectionExtensions
{
    /// <summary>HttpClient name used for alert webhooks.</summary>
    public const string WebhookHttpClient = "agentops-alerts";

    /// <summary>
    /// Adds <see cref="CommunicationService"/>, <see cref="OutboxDispatcher"/> with the <c>email</c> and <c>webhook</c> handlers,
    /// <see cref="PostMortemService"/> and their options (sections <c>Communication</c>, <c>Communication:Smtp</c>, <c>Outbox</c>,
    /// <c>PostMortem</c>, <c>Ai</c>), validated at start. Needs an <see cref="Core.Persistence.IIncidentStore"/> registered elsewhere.
    /// Other outbox kinds (e.g. <c>github</c>) are delivered by registering more <see cref="IOutboxHandler"/>s.
    /// </summary>
    public static IServiceCollection AddAgentOpsCommunication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        Bind<CommunicationOptions>(services, configuration, CommunicationOptions.SectionName);
        Bind<SmtpOptions>(services, configuration, SmtpOptions.SectionName);
        Bind<OutboxDispatcherOptions>(services, configuration, OutboxDispatcherOptions.SectionName);
        Bind<PostMortemOptions>(services, configuration, PostMortemOptions.SectionName);
        Bind<AiOptions>(services, configuration, AiOptions.SectionName);

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(WebhookHttpClient, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.TryAddSingleton<DraftChecker>();
        services.TryAddSingleton<ICommunicationDrafter>(sp =>
        {
            var ai = sp.GetRequiredService<AiOptions>();
            return new SemanticKernelCommunicationDrafter(BuildKernel(ai), ai.ResolvePromptsFolder(), ai.Model);
        });
        services.TryAddSingleton<CommunicationService>();
        services.AddSingleton<IOutboxDeliveryListener>(sp => sp.GetRequiredService<CommunicationService>());
        services.TryAddSingleton<EmailOutboxHandler>();
        services.AddSingleton<IOutboxHandler>(sp => sp.GetRequiredService<EmailOutboxHandler>());
        services.AddSingleton<IOutboxHandler>(sp => new EscalationAlertOutboxHandler(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookHttpClient),
            sp.GetRequiredService<EmailOutboxHandler>(),
            sp.GetRequiredService<CommunicationOptions>()));
        services.AddSingleton<IOutboxHandler>(sp => new WebhookOutboxHandler(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookHttpClient),
            sp.GetRequiredService<CommunicationOptions>()));
        services.TryAddSingleton<OutboxDispatcher>();
        services.TryAddSingleton<IIncidentDocumentWriter, FileIncidentDocumentWriter>();
        services.TryAddSingleton<PostMortemService>();
        return services;
    }

    /// <summary>Adds the background outbox dispatcher (for <c>agentops serve</c>); CLI verbs can call <see cref="OutboxDispatcher.DispatchDueAsync"/> themselves.</summary>
    public static IServiceCollection AddAgentOpsOutboxDispatcherService(this IServiceCollection services)
    {
        services.AddHostedService<OutboxDispatcherHostedService>();
        return services;
    }

    /// <summary>A kernel with the configured chat model, or none (templates rendered offline).</summary>
    public static Kernel BuildKernel(AiOptions ai)
    {
        ArgumentNullException.ThrowIfNull(ai);
        var builder = Kernel.CreateBuilder();
        if (ai.IsConfigured)
        {
            if (string.IsNullOrWhiteSpace(ai.Endpoint))
            {
                builder.AddOpenAIChatCompletion(ai.Model!, ai.ApiKey!);
            }
            else
            {
                builder.AddOpenAIChatCompletion(ai.Model!, new Uri(ai.Endpoint), string.IsNullOrWhiteSpace(ai.ApiKey) ? "none" : ai.ApiKey);
            }
        }

        return builder.Build();
    }

    private static void Bind<TOptions>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<TOptions>>().Value);
    }
}
