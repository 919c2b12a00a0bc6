using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.Ai;
using AgentOps.Infrastructure.Diagnostics;
using AgentOps.Infrastructure.Diagnostics.Drills;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentOps.Infrastructure.Tests.Diagnostics;

public sealed class DiagnosticsServiceCollectionExtensionsTests
{
    [Fact]
    public void AddAgentOpsDiagnostics_Defaults_OfflinePlaybooksForEveryDiagnosticKind()
    {
        // Arrange
        using var services = Build(new Dictionary<string, string?>());

        // Act
        var analysts = services.GetServices<ITrackAnalyst>().ToList();

        // Assert
        Assert.DoesNotContain(analysts, a => a is LlmTrackAnalyst);
        Assert.Equal(
            new HashSet<TrackKind> { TrackKind.Database, TrackKind.Cache, TrackKind.Network, TrackKind.Monitoring, TrackKind.Application },
            analysts.Select(a => a.Kind).ToHashSet());
        Assert.Equal(["missing-index", "redis-pool", "expired-key"], services.GetRequiredService<DrillRunner>().Scenarios.Select(s => s.Name));
        Assert.NotNull(services.GetRequiredService<RemediationService>());
        Assert.False(services.GetRequiredService<IToolInvoker>().Has("postgres", "connections"));
    }

    [Fact]
    public void AddAgentOpsDiagnostics_TaggedLogSources_BindAndTheInvokerScopesToIncidents()
    {
        // Arrange
        using var services = Build(new Dictionary<string, string?>
        {
            ["Tools:Logs:Sources:0:Name"] = "payments-api",
            ["Tools:Logs:Sources:0:Path"] = "/var/log/payments.log",
            ["Tools:Logs:Sources:0:Tracks:0"] = "Application",
            ["Tools:Logs:Sources:0:Services:0"] = "payments",
            ["Tools:Logs:WindowBefore"] = "00:30:00",
        });

        // Act
        var options = ToolsOptions(services);
        var tools = services.GetRequiredService<IToolInvoker>();

        // Assert
        var source = Assert.Single(options.Logs.Sources);
        Assert.Equal(("payments-api", "Application", "payments"), (source.Name, source.Tracks.Single(), source.Services.Single()));
        Assert.Equal(TimeSpan.FromMinutes(30), options.Logs.WindowBefore);
        Assert.IsAssignableFrom<AgentOps.Core.Diagnostics.Context.IIncidentScopedTools>(tools);
    }

    [Fact]
    public void AddAgentOpsDiagnostics_BadLogSource_FailsValidationWithTheReason()
    {
        // Arrange
        using var services = Build(new Dictionary<string, string?>
        {
            ["Tools:Logs:Sources:0:Name"] = "db",
            ["Tools:Logs:Sources:0:Path"] = "/var/log/postgresql.log",
            ["Tools:Logs:Sources:0:Tracks:0"] = "Databse",
        });

        // Act
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => ToolsOptions(services));

        // Assert
        Assert.Contains("Tools:Logs:Sources:0 (db): unknown track 'Databse'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAgentOpsDiagnostics_SharedAiEndpoint_RegistersOneAgentPerSkillAfterThePlaybooks()
    {
        // Arrange
        var skills = Path.Combine(Path.GetTempPath(), $"skills-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(skills, "database-analyst"));
        File.WriteAllText(Path.Combine(skills, "database-analyst", "skill.json"), """{"name":"database-analyst","description":"d","trackKind":"Database","instructions":"i","tools":["postgres.*"]}""");
        try
        {
            using var services = Build(new Dictionary<string, string?>
            {
                ["Ai:Endpoint"] = "http://127.0.0.1:1/v1/",
                ["Diagnostics:Llm:SkillsDirectory"] = skills,
                ["Tools:Postgres:ConnectionString"] = "Host=127.0.0.1;Port=1",
            });

            // Act
            var analysts = services.GetServices<ITrackAnalyst>().ToList();

            // Assert
            Assert.IsType<LlmTrackAnalyst>(analysts.Last(a => a.Kind == TrackKind.Database));
            Assert.True(services.GetRequiredService<IToolInvoker>().Has("postgres", "connections"));
        }
        finally
        {
            Directory.Delete(skills, recursive: true);
        }
    }

    [Fact]
    public void AddAgentOpsDiagnostics_InvalidToolTimeout_FailsValidationNamingTheKey()
    {
        // Arrange
        using var services = Build(new Dictionary<string, string?> { ["Tools:Postgres:TimeoutSeconds"] = "0" });

        // Act
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => ToolsOptions(services));

        // Assert
        Assert.Contains("Tools:Postgres", error.Message, StringComparison.Ordinal);
    }

    private static AgentOps.Infrastructure.Tools.ToolsOptions ToolsOptions(ServiceProvider services) =>
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AgentOps.Infrastructure.Tools.ToolsOptions>>().Value;

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddAgentOpsDiagnostics(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
