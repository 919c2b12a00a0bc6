using AgentOps.Core.Communication;
using AgentOps.Core.Diagnostics;
using AgentOps.Core.Orchestration;
using AgentOps.Core.Orchestration.Dispatch;
using AgentOps.Core.Orchestration.Pipeline;
using AgentOps.Core.Persistence;
using AgentOps.Core.PostMortem;
using AgentOps.Infrastructure.Mail;
using AgentOps.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Orchestration;

/// <summary>Registers the autonomous pipeline of <c>agentops serve</c>.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Pipeline</c> (<see cref="PipelineOptions"/>, validated at start) and adds <see cref="IncidentPipeline"/>;
    /// when <c>Pipeline:Enabled</c> (default true), the hosted <see cref="PipelineWorker"/> (claims and works incidents),
    /// the <see cref="DropFolderIntakeWorker"/> (watches <c>Mail:InboxPath</c>) and, when <c>Mail:Imap:Enabled</c>, the
    /// <see cref="ImapMailboxPoller"/> that the scheduler's mailbox poll job calls (IMAP IDLE itself runs in
    /// <see cref="ImapIntakeWorker"/>). Needs the storage, intake, diagnostics, communication and scheduling registrations
    /// (<see cref="WorkDispatcher"/>). Call it only for <c>serve</c>: CLI verbs do not run hosted services.
    /// </summary>
    public static IServiceCollection AddAgentOpsPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(PipelineOptions.SectionName);
        services.AddOptions<PipelineOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IIncidentClaimStore>(sp => sp.GetRequiredService<SqlIncidentStore>());
        services.TryAddSingleton(sp => new IncidentPipeline(
            sp.GetRequiredService<IIncidentStore>(),
            sp.GetRequiredService<WorkDispatcher>(),
            sp.GetRequiredService<InvestigationRunner>(),
            sp.GetRequiredService<CommunicationService>(),
            sp.GetRequiredService<IToolInvoker>(),
            sp.GetRequiredService<IOptions<InvestigationOptions>>().Value,
            sp.GetRequiredService<IOptions<PipelineOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<PostMortemService>()));
        if (!section.GetValue(nameof(PipelineOptions.Enabled), true))
        {
            return services;
        }

        services.TryAddSingleton<PipelineWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<PipelineWorker>());
        if (section.GetValue(nameof(PipelineOptions.WatchDropFolder), true))
        {
            services.AddHostedService<DropFolderIntakeWorker>();
        }

        if (configuration.GetSection(ImapOptions.SectionName).GetValue<bool>(nameof(ImapOptions.Enabled)))
        {
            services.TryAddSingleton<IMailboxPoller, ImapMailboxPoller>();
        }

        return services;
    }
}
