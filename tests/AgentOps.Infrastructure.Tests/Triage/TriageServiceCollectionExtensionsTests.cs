using AgentOps.Core.Model;
using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Tests.Triage;

public sealed class TriageServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings.TryAdd("Triage:SkillsPath", Path.Combine(RepositoryRoot.Path, "skills"));
        settings.TryAdd("Triage:PromptsPath", Path.Combine(RepositoryRoot.Path, "prompts"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddAgentOpsTriage(configuration).BuildServiceProvider();
    }

    [Fact]
    public async Task AddAgentOpsTriage_SeedCustomerConfigured_ClassifiesSeed004AsP1BugWithFourHourSla()
    {
        // Arrange
        using var services = Build(new()
        {
            ["Triage:Sla:P1:Resolve"] = "08:00:00",
            ["Triage:Customers:client-existant.fr:Tier"] = "enterprise",
            ["Triage:Customers:client-existant.fr:Language"] = "fr",
            ["Triage:Customers:client-existant.fr:Sla:P1:Resolve"] = "04:00:00",
        });
        var customer = services.GetRequiredService<ICustomerDirectory>().Resolve("support@client-existant.fr", "Jean Martin");
        var classifier = services.GetRequiredService<ITriageClassifier>();
        var start = new DateTimeOffset(2025, 1, 9, 10, 0, 0, TimeSpan.Zero);

        // Act
        var result = await classifier.ClassifyAsync(new TriageInput(
            "URGENT - Paiements bloqués !!!",
            "Les clients ne peuvent plus payer depuis 10h ce matin !\nMessage d'erreur: \"Erreur 500 lors du paiement\"\n\nC'est CRITIQUE, nous perdons des ventes !")
        { Customer = customer });
        var sla = services.GetRequiredService<ISlaPolicy>().Compute(result.Priority, customer, start);

        // Assert
        Assert.Equal("rules", classifier.Name);
        Assert.Equal(Priority.P1, result.Priority);
        Assert.Equal("bug", result.Intent);
        Assert.Equal(start.AddHours(4), sla.ResolveBy);
        Assert.Contains("devops", result.Skills);
        Assert.Null(services.GetRequiredService<LlmTriageClassifierHolder>().Classifier);
    }

    [Fact]
    public void AddAgentOpsTriage_RepositoryAppSettings_AreValidAndGiveClientExistantFourHours()
    {
        // Arrange
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryRoot.Path, "appsettings.json"))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Triage:SkillsPath"] = Path.Combine(RepositoryRoot.Path, "skills") })
            .Build();
        using var services = new ServiceCollection().AddAgentOpsTriage(configuration).BuildServiceProvider();
        var start = new DateTimeOffset(2025, 1, 9, 10, 0, 0, TimeSpan.Zero);

        // Act
        var customer = services.GetRequiredService<ICustomerDirectory>().Resolve("support@client-existant.fr", null);
        var p1 = services.GetRequiredService<ISlaPolicy>().Compute(Priority.P1, customer, start);
        var p3 = services.GetRequiredService<ISlaPolicy>().Compute(Priority.P3, customer, start);

        // Assert
        Assert.Equal("enterprise", customer.Tier);
        Assert.Equal("fr", customer.Language);
        Assert.Equal(TimeSpan.FromHours(4), p1.ResolutionTarget);
        Assert.Equal(TimeSpan.FromDays(3), p3.ResolutionTarget);
        var skills = services.GetRequiredService<AgentOps.Core.Skills.SkillRouter>().Skills;
        Assert.Equal(8, skills.Count(s => s.TrackKind is null));
        Assert.Equal(5, skills.Count(s => s.TrackKind is not null));
    }

    [Fact]
    public void AddAgentOpsTriage_NegativeDuration_FailsNamingTheKey()
    {
        // Arrange
        using var services = Build(new() { ["Triage:Customers:acme.com:Sla:P2:Acknowledge"] = "-00:30:00" });

        // Act
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TriageOptions>>().Value);

        // Assert
        Assert.Contains("Triage:Customers:acme.com:Sla:P2:Acknowledge must be a positive duration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAgentOpsTriage_MlWithoutModel_FailsValidation()
    {
        // Arrange
        using var services = Build(new() { ["Triage:Classifier"] = "ml" });

        // Act
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TriageOptions>>().Value);

        // Assert
        Assert.Contains("Triage:ModelPath is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAgentOpsTriage_EndpointConfigured_RegistersLlmClassifierForEnsemble()
    {
        // Arrange
        using var services = Build(new()
        {
            ["Triage:Classifier"] = "ensemble",
            ["Ai:Endpoint"] = "http://127.0.0.1:9/v1",
            ["Ai:Model"] = "test-model",
        });

        // Act
        var classifier = services.GetRequiredService<ITriageClassifier>();

        // Assert
        Assert.Equal("ensemble", classifier.Name);
        Assert.NotNull(services.GetRequiredService<LlmTriageClassifierHolder>().Classifier);
    }
}
