using AgentOps.Core.Communication;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Core.PostMortem;
using AgentOps.Infrastructure.Communication;
using AgentOps.Infrastructure.Mail;
using AgentOps.Infrastructure.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Tests.Communication;

public sealed class CommunicationServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddAgentOpsCommunication_FromConfiguration_ServicesResolveAndAcknowledgeWithConfiguredSender()
    {
        // Arrange
        using var provider = Provider(new Dictionary<string, string?>
        {
            ["Communication:From"] = "support@agence.fr",
            ["Communication:TimeZone"] = "Europe/Paris",
            ["Communication:RequireApproval:Acknowledgement"] = "true",
            ["Communication:AutoAcknowledgePriorities"] = "P1",
            ["Communication:AcknowledgeWithin"] = "36500.00:00:00", // the seed incident was opened in 2025, on the real clock
            ["Communication:Alerts:0:Name"] = "ops",
            ["Communication:Alerts:0:Type"] = "mattermost",
            ["Communication:Alerts:0:Target"] = "http://127.0.0.1:9/hooks/x",
            ["Communication:Smtp:Host"] = "127.0.0.1",
            ["Communication:Smtp:Port"] = "2525",
            ["Outbox:MaxAttempts"] = "5",
            ["PostMortem:OutputFolder"] = "/tmp/agentops-docs",
            ["Ai:PromptsFolder"] = CommsTestContext.PromptsFolder,
        });
        var store = provider.GetRequiredService<IIncidentStore>();
        await store.SaveAsync(Seed004Incident.Create(resolved: false));

        // Act
        var service = provider.GetRequiredService<CommunicationService>();
        var result = await service.AcknowledgeIfDueAsync("INC-2025-0001");

        // Assert
        Assert.Equal(CommunicationStatus.Draft, result.Communications[0].Status);
        Assert.Equal(["alert", "email", "webhook"], provider.GetRequiredService<OutboxDispatcher>().Kinds.Order());
        Assert.Equal(5, provider.GetRequiredService<OutboxDispatcherOptions>().MaxAttempts);
        Assert.Equal(2525, provider.GetRequiredService<SmtpOptions>().Port);
        Assert.Equal("mattermost", provider.GetRequiredService<CommunicationOptions>().Alerts[0].Type);
        Assert.Equal("/tmp/agentops-docs", provider.GetRequiredService<PostMortemOptions>().OutputFolder);
        Assert.NotNull(provider.GetRequiredService<PostMortemService>());
    }

    [Fact]
    public void AddAgentOpsCommunication_UnsupportedLanguage_FailsValidationNamingTheKey()
    {
        // Arrange
        using var provider = Provider(new Dictionary<string, string?> { ["Communication:DefaultLanguage"] = "it" });

        // Act
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<CommunicationOptions>());

        // Assert
        Assert.Contains("DefaultLanguage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAgentOpsCommunication_Defaults_NoSmtpHostAndOutboxFolderOutbox()
    {
        // Arrange
        using var provider = Provider(new Dictionary<string, string?> { ["Ai:PromptsFolder"] = CommsTestContext.PromptsFolder });

        // Act
        var smtp = provider.GetRequiredService<SmtpOptions>();
        var communication = provider.GetRequiredService<CommunicationOptions>();

        // Assert
        Assert.Null(smtp.Host);
        Assert.Equal("outbox", communication.OutboxFolder);
        Assert.Equal([Priority.P1, Priority.P2], communication.AutoAcknowledged().Order());
        Assert.True(communication.RequireApproval.Resolution);
        Assert.False(communication.RequireApproval.Acknowledgement);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IIncidentStore, CommsInMemoryIncidentStore>();
        services.AddAgentOpsCommunication(configuration);
        return services.BuildServiceProvider();
    }
}
