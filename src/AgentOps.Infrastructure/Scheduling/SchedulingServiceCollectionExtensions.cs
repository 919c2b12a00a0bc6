using AgentOps.Core.Orchestration.Dispatch;
using AgentOps.Core.Orchestration.Sla;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;

namespace AgentOps.Infrastructure.Scheduling;

/// <summary>Registers the orchestration: work dispatcher, SLA timers and escalation on Quartz, periodic jobs.</summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates at start <see cref="SchedulingOptions"/> (<c>Scheduling</c>), <see cref="EscalationOptions"/>
    /// (<c>Escalation</c>, checked by <see cref="EscalationOptionsValidator"/>) and <see cref="DispatcherOptions"/>
    /// (<c>Dispatch</c>); registers <see cref="EscalationMatrix"/>, <see cref="ISlaTimers"/> (Quartz),
    /// <see cref="SlaEscalator"/>, <see cref="SlaCommands"/>, <see cref="StaleIncidentSweeper"/>, <see cref="WorkDispatcher"/>
    /// (singletons), and a Quartz scheduler on the persistent ADO.NET store (SQLite file, or PostgreSQL, clustered when
    /// configured; the Quartz tables are created at start when missing) with its hosted service
    /// (<c>WaitForJobsToComplete</c>) and the periodic jobs. Needs an <c>IIncidentStore</c> (AddAgentOpsStorage) and
    /// logging. Without a host (a CLI verb), <see cref="ISlaTimers"/> still schedules and removes timers in the store;
    /// they fire on the node that runs <c>serve</c>.
    /// </summary>
    public static IServiceCollection AddAgentOpsScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SchedulingOptions.SectionName);
        services.AddOptions<SchedulingOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EscalationOptions>().Bind(configuration.GetSection(EscalationOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EscalationOptions>, EscalationOptionsValidator>());
        services.AddOptions<DispatcherOptions>().Bind(configuration.GetSection(DispatcherOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<EscalationOptions>>().Value.ToMatrix());
        services.TryAddSingleton<QuartzSlaTimers>();
        services.TryAddSingleton<ISlaTimers>(sp => sp.GetRequiredService<QuartzSlaTimers>());
        services.TryAddSingleton<SlaEscalator>();
        services.TryAddSingleton<SlaCommands>();
        services.TryAddSingleton(sp => new StaleIncidentSweeper(
            sp.GetRequiredService<Core.Persistence.IIncidentStore>(),
            sp.GetRequiredService<EscalationMatrix>(),
            sp.GetRequiredService<ISlaTimers>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<SchedulingOptions>>().Value.StaleIncidentAfter));
        services.TryAddSingleton(sp => new WorkDispatcher(sp.GetRequiredService<IOptions<DispatcherOptions>>().Value, sp.GetRequiredService<TimeProvider>()));

        var settings = section.Get<SchedulingOptions>() ?? new SchedulingOptions();
        services.AddQuartz(q => ConfigureQuartz(q, settings));
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<PeriodicJobsHostedService>();
        return services;
    }

    /// <summary>The Quartz setup shared by <c>serve</c> and the scheduler node used in tests.</summary>
    internal static void ConfigureQuartz(IQuartzBuilder q, SchedulingOptions settings)
    {
        q.ConfigureScheduler(o =>
        {
            o.InstanceName = settings.InstanceName;
            o.IdleWaitTime = settings.IdleWaitTime;
            if (string.Equals(settings.InstanceId, "AUTO", StringComparison.OrdinalIgnoreCase))
            {
                o.GenerateInstanceId = true;
            }
            else
            {
                o.InstanceId = settings.InstanceId;
            }
        });
        q.UseDefaultThreadPool(settings.MaxConcurrency);
        q.UsePersistentStore(store =>
        {
            if (settings.UsesPostgres)
            {
                store.UsePostgres(settings.ConnectionString ?? string.Empty);
            }
            else
            {
                var path = Path.GetFullPath(settings.SqlitePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                store.UseSqlite($"Data Source={path};Pooling=true;Default Timeout=30");
            }

            store.ProvisionSchema();
            store.ConfigureStore(o => o.MisfireThreshold = settings.MisfireThreshold);
            if (settings.Clustered)
            {
                store.UseClustering(c =>
                {
                    c.CheckinInterval = settings.CheckinInterval;
                    c.CheckinMisfireThreshold = settings.CheckinMisfireThreshold;
                });
            }
        });
        q.AddJob<SlaTimerJob>(j => j.WithIdentity(SchedulingKeys.SlaTimerJob).StoreDurably().RequestRecovery());
        q.AddTriggerListener(sp => ActivatorUtilities.CreateInstance<JobFailureListener>(sp), [GroupMatcher<TriggerKey>.AnyGroup()]);
    }
}
