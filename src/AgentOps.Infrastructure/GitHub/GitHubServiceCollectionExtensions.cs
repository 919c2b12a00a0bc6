using AgentOps.Core.PostMortem;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>Registers the GitHub integration.</summary>
public static class GitHubServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GitHubOptions"/> (section <c>GitHub</c>, validated; at start when the section exists),
    /// the client, <see cref="GitHubSyncService"/> (epic-sync, issue-sync), <see cref="GitHubOutboxHandler"/>,
    /// <see cref="GitHubCommandService"/>, <see cref="GitHubWebhookHandler"/> (map it with
    /// <see cref="GitHubEndpointRouteBuilderExtensions.MapGitHubWebhook"/>), <see cref="GitHubPollService"/>, and, when the
    /// section exists, <see cref="GitHubBackgroundService"/>. An <c>IIncidentStore</c> must be registered separately.
    /// </summary>
    public static IServiceCollection AddAgentOpsGitHub(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(GitHubOptions.SectionName);
        var options = services.AddOptions<GitHubOptions>().Bind(section).ValidateDataAnnotations();
        if (section.Exists())
        {
            options.ValidateOnStart();
            services.AddHostedService<GitHubBackgroundService>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostMortemPublisher, GitHubPostMortemPublisher>());
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GitHubRateLimitGate>();
        services.TryAddSingleton<GitHubRepositoryClient>();
        services.TryAddSingleton<GitHubPermissionChecker>();
        services.TryAddSingleton<GitHubEpicSynchronizer>();
        services.TryAddSingleton<GitHubProgressSynchronizer>();
        services.TryAddSingleton<GitHubPostMortemSynchronizer>();
        services.TryAddSingleton<GitHubOutboxHandler>();
        services.TryAddSingleton<GitHubSyncService>();
        services.TryAddSingleton<GitHubCommandService>();
        services.TryAddSingleton<GitHubWebhookHandler>();
        services.TryAddSingleton<GitHubPollService>();
        return services;
    }
}
