using AgentOps.Core.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Storage;

/// <summary>Registers the durable incident store.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="StorageOptions"/> from the <c>Storage</c> section (validated at start) and registers one
    /// <see cref="SqlIncidentStore"/> as <see cref="IIncidentStore"/>, <see cref="IIncidentStatistics"/> and <see cref="ITimelineReader"/> (singleton). A relative SQLite path resolves against
    /// the current working directory at the time the store is first resolved. The schema is created or migrated on first
    /// use, or earlier by calling <see cref="SqlIncidentStore.InitializeAsync"/> (which reports a corrupt or newer
    /// database as a <see cref="StoreException"/>). Uses the registered <see cref="TimeProvider"/>, else the system clock.
    /// </summary>
    public static IServiceCollection AddAgentOpsStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => SqlIncidentStore.Create(
            provider.GetRequiredService<IOptions<StorageOptions>>().Value,
            Environment.CurrentDirectory,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<SqlIncidentStore>>()));
        services.TryAddSingleton<IIncidentStore>(provider => provider.GetRequiredService<SqlIncidentStore>());
        services.TryAddSingleton<IIncidentStatistics>(provider => provider.GetRequiredService<SqlIncidentStore>());
        services.TryAddSingleton<ITimelineReader>(provider => provider.GetRequiredService<SqlIncidentStore>());
        return services;
    }
}
