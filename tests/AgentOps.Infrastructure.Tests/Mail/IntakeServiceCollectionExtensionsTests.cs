using AgentOps.Core.Intake;
using AgentOps.Core.Persistence;
using AgentOps.Core.Tests.Fakes;
using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace AgentOps.Infrastructure.Tests.Mail;

public sealed class IntakeServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IIncidentStore>(new InMemoryIncidentStore());
        services.AddSingleton(Substitute.For<ITriageClassifier>());
        services.AddSingleton(Substitute.For<ISlaPolicy>());
        services.AddSingleton(Substitute.For<ICustomerDirectory>());
        services.AddAgentOpsIntake(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void AddAgentOpsIntake_DefaultConfiguration_ResolvesServicesWithDefaultsAndNoImapWorker()
    {
        // Act
        using var provider = Build([]);

        // Assert
        Assert.NotNull(provider.GetRequiredService<IntakeService>());
        Assert.NotNull(provider.GetRequiredService<DropFolderSource>());
        Assert.Equal("inbox", provider.GetRequiredService<IOptions<MailOptions>>().Value.InboxPath);
        Assert.Equal(TimeSpan.FromMinutes(30), provider.GetRequiredService<IOptions<IntakeOptions>>().Value.BurstWindow);
        Assert.Empty(provider.GetServices<IHostedService>());
    }

    [Fact]
    public void AddAgentOpsIntake_BoundSections_OverrideDefaults()
    {
        // Act
        using var provider = Build(new()
        {
            ["Mail:MaxAttachmentBytes"] = "4096",
            ["Mail:Imap:Folder"] = "Support",
            ["Intake:BurstWindow"] = "00:05:00",
        });

        // Assert
        Assert.Equal(4096, provider.GetRequiredService<IOptions<MailOptions>>().Value.MaxAttachmentBytes);
        Assert.Equal("Support", provider.GetRequiredService<IOptions<ImapOptions>>().Value.Folder);
        Assert.Equal(TimeSpan.FromMinutes(5), provider.GetRequiredService<IOptions<IntakeOptions>>().Value.BurstWindow);
    }

    [Fact]
    public void AddAgentOpsIntake_ImapEnabledWithoutUsername_FailsValidationAtStart()
    {
        // Arrange
        using var provider = Build(new() { ["Mail:Imap:Enabled"] = "true", ["Mail:Imap:Host"] = "imap.example.org" });
        var validator = provider.GetRequiredService<IStartupValidator>();

        // Act
        var ex = Assert.Throws<OptionsValidationException>(validator.Validate);

        // Assert
        Assert.Contains("Username", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAgentOpsIntake_ImapEnabled_RegistersTheWatcherAsHostedService()
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Mail:Imap:Enabled"] = "true" }).Build();
        var services = new ServiceCollection();

        // Act
        services.AddAgentOpsIntake(configuration);

        // Assert
        Assert.Contains(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(ImapIntakeWorker));
    }

    [Fact]
    public void AddAgentOpsIntake_InvalidMailLimit_FailsValidation()
    {
        // Arrange
        using var provider = Build(new() { ["Mail:MaxHeaderCount"] = "1" });

        // Act
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MailOptions>>().Value);

        // Assert
        Assert.Contains("MaxHeaderCount", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mail:NodeId", "../elsewhere", "NodeId")]
    [InlineData("Mail:ClaimFolder", "a/b", "ClaimFolder")]
    [InlineData("Mail:ClaimFolder", "..", "ClaimFolder")]
    [InlineData("Mail:ClaimTimeout", "00:00:00", "ClaimTimeout")]
    public void AddAgentOpsIntake_BadDropFolderClaimSetting_FailsValidationNamingTheKey(string key, string value, string named)
    {
        // Arrange
        using var provider = Build(new() { [key] = value });

        // Act
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MailOptions>>().Value);

        // Assert
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAgentOpsIntake_NodeIdConfigured_IsTheDropFolderNodeAndDefaultsAreSet()
    {
        // Act
        using var configured = Build(new() { ["Mail:NodeId"] = "mail-1" });
        using var unconfigured = Build([]);

        // Assert
        Assert.Equal("mail-1", configured.GetRequiredService<DropFolderSource>().NodeId);
        Assert.Matches(@"^[A-Za-z0-9][A-Za-z0-9._-]*-\d+-[0-9a-f]{6}$", unconfigured.GetRequiredService<DropFolderSource>().NodeId);
        var options = unconfigured.GetRequiredService<IOptions<MailOptions>>().Value;
        Assert.Equal(".claimed", options.ClaimFolder);
        Assert.Equal(TimeSpan.FromMinutes(2), options.ClaimTimeout);
    }
}
