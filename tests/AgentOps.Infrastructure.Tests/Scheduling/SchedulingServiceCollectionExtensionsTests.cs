using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Dispatch;
using AgentOps.Core.Orchestration.Sla;
using AgentOps.Infrastructure.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Tests.Scheduling;

public sealed class SchedulingServiceCollectionExtensionsTests : IDisposable
{
    private readonly SchedulingTestHost _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task AddAgentOpsScheduling_Configured_ResolvesTheOrchestrationServices()
    {
        // Arrange
        var settings = _fixture.Settings();
        settings["Dispatch:MaxConcurrency"] = "3";
        settings["Dispatch:SkillLimits:github"] = "1";
        using var host = _fixture.Build(settings);

        // Act
        var dispatcher = host.Services.GetRequiredService<WorkDispatcher>();
        var matrix = host.Services.GetRequiredService<EscalationMatrix>();
        var dispatch = host.Services.GetRequiredService<IOptions<DispatcherOptions>>().Value;

        // Assert
        Assert.NotNull(dispatcher);
        Assert.IsType<QuartzSlaTimers>(host.Services.GetRequiredService<ISlaTimers>());
        Assert.NotNull(host.Services.GetRequiredService<SlaCommands>());
        Assert.NotNull(host.Services.GetRequiredService<StaleIncidentSweeper>());
        Assert.Equal((3, 1), (dispatch.MaxConcurrency, dispatch.LimitFor("github")));
        Assert.Equal(["auto-remediation", "#incidents"], matrix.StepFor(Priority.P1, 1)!.Targets.Select(t => t.Name));
        await dispatcher.DisposeAsync();
    }

    [Fact]
    public async Task AddAgentOpsScheduling_PostgresWithoutConnectionString_FailsAtStartNamingTheKey()
    {
        // Arrange
        var settings = _fixture.Settings();
        settings["Scheduling:Store"] = "postgres";
        using var host = _fixture.Build(settings);

        // Act
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        // Assert
        var failures = error is AggregateException aggregate ? aggregate.InnerExceptions : [error];
        Assert.Contains(failures, e => e is OptionsValidationException && e.Message.Contains("Scheduling:ConnectionString is required", StringComparison.Ordinal));
    }
}
