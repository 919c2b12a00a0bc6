using AgentOps.Infrastructure.Chat;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentOps.Host.Server.Chat;

/// <summary>Registers the chat endpoints' services.</summary>
public static class ChatServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ChatOptions"/> from the <c>Chat</c> section and registers the Slack and Teams handlers, the Slack
    /// result queue and its background worker, and the <see cref="HttpClient"/> for <c>response_url</c> (no redirects).
    /// Needs <see cref="AgentOps.Core.Commands.CommandExecutor"/> and <see cref="TimeProvider"/> (from <c>AddAgentOps</c>).
    /// </summary>
    public static IServiceCollection AddAgentOpsChat(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ChatOptions>().Bind(configuration.GetSection(ChatOptions.SectionName)).ValidateDataAnnotations();
        services.AddSingleton(sp => new ChatPermissions(sp.GetRequiredService<IOptions<ChatOptions>>().Value));
        services.AddSingleton(sp => new ChatReplayCache(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<ChatOptions>>().Value.ReplayWindow));
        services.AddSingleton<SlackResponseQueue>();
        services.AddSingleton<SlackCommandHandler>();
        services.AddSingleton<TeamsCommandHandler>();
        services.AddHttpClient(SlackResponsePoster.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        services.AddSingleton(sp => new SlackResponsePoster(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(SlackResponsePoster.HttpClientName),
            sp.GetRequiredService<IOptions<ChatOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SlackResponsePoster>>()));
        services.AddHostedService<SlackResponseWorker>();
        return services;
    }
}
