using AgentOps.Core.Intake;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Mail;

/// <summary>Registers email intake: parser, <see cref="IntakeService"/>, drop folder and IMAP sources.</summary>
public static class IntakeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the intake stage. Binds <c>Intake</c> (<see cref="IntakeOptions"/>), <c>Mail</c> (<see cref="MailOptions"/>) and
    /// <c>Mail:Imap</c> (<see cref="ImapOptions"/>, validated and run as a hosted service only when <c>Mail:Imap:Enabled</c> is true).
    /// Needs singletons of <see cref="Core.Persistence.IIncidentStore"/>, <see cref="Core.Triage.ITriageClassifier"/>,
    /// <see cref="Core.Triage.ISlaPolicy"/> and <see cref="Core.Triage.ICustomerDirectory"/> from their own registrations;
    /// adds <see cref="TimeProvider.System"/> when no <see cref="TimeProvider"/> is registered.
    /// </summary>
    public static IServiceCollection AddAgentOpsIntake(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IntakeOptions>().Bind(configuration.GetSection(IntakeOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        var imap = services.AddOptions<ImapOptions>().Bind(configuration.GetSection(ImapOptions.SectionName));
        var imapEnabled = configuration.GetSection(ImapOptions.SectionName).GetValue<bool>(nameof(ImapOptions.Enabled));
        if (imapEnabled)
        {
            imap.ValidateDataAnnotations().ValidateOnStart();
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEmailParser, MimeEmailParser>();
        services.TryAddSingleton(sp => new IntakeService(
            sp.GetRequiredService<IEmailParser>(),
            sp.GetRequiredService<Core.Persistence.IIncidentStore>(),
            sp.GetRequiredService<Core.Triage.ITriageClassifier>(),
            sp.GetRequiredService<Core.Triage.ISlaPolicy>(),
            sp.GetRequiredService<Core.Triage.ICustomerDirectory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<IntakeOptions>>().Value,
            sp.GetService<Core.Orchestration.Sla.ISlaTimers>()));
        services.TryAddSingleton<DropFolderSource>();
        services.TryAddSingleton<ImapMailSource>();
        if (imapEnabled)
        {
            services.AddHostedService<ImapIntakeWorker>();
        }

        return services;
    }
}
