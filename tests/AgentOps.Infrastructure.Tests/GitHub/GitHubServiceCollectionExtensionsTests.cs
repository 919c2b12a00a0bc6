using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.GitHub;
using AgentOps.Infrastructure.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Tests.GitHub;

public sealed class GitHubServiceCollectionExtensionsTests
{
    [Fact]
    public void AddAgentOpsGitHub_SectionWithoutRepo_FailsValidationNamingTheKey()
    {
        // Arrange
        var collection = Register(new() { ["GitHub:Owner"] = "acme" });
        using var services = collection.BuildServiceProvider();

        // Act
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<GitHubOptions>>().Value);

        // Assert
        Assert.Contains("Repo", error.Message, StringComparison.Ordinal);
        Assert.Single(collection, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(GitHubBackgroundService));
    }

    [Fact]
    public void AddAgentOpsGitHub_NoSection_StartsNoPollingAndFailsClearlyWhenUsed()
    {
        // Arrange
        var collection = Register([]);
        using var services = collection.BuildServiceProvider();

        // Act
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<GitHubSyncService>());

        // Assert
        Assert.Contains("Owner", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(collection, d => d.ServiceType == typeof(IHostedService));
        Assert.Equal(TimeSpan.FromMinutes(1), new GitHubOptions().PollInterval);
        Assert.Equal(4, new GitHubOptions().MaxConcurrency);
    }

    private static IServiceCollection Register(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton<IIncidentStore>(new InMemoryIncidentStore(TimeProvider.System))
            .AddAgentOpsGitHub(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
}
