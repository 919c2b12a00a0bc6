using AgentOps.Infrastructure.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Tests.Scheduling;

public sealed class EscalationOptionsValidatorTests
{
    /// <summary>The escalation matrix of the seed scenario, as configuration keys.</summary>
    internal static Dictionary<string, string?> SeedMatrix() => new()
    {
        ["Escalation:ReminderBefore"] = "00:10:00",
        ["Escalation:Targets:0:Name"] = "auto-remediation",
        ["Escalation:Targets:1:Name"] = "support",
        ["Escalation:Targets:1:Address"] = "support@agence.fr",
        ["Escalation:Targets:2:Name"] = "backend",
        ["Escalation:Targets:2:Next"] = "cto",
        ["Escalation:Targets:3:Name"] = "architecture",
        ["Escalation:Targets:3:Next"] = "cto",
        ["Escalation:Targets:4:Name"] = "cto",
        ["Escalation:Targets:4:Kind"] = "person",
        ["Escalation:Targets:5:Name"] = "#incidents",
        ["Escalation:Targets:5:Kind"] = "channel",
        ["Escalation:Policies:P1:Levels:0:Level"] = "1",
        ["Escalation:Policies:P1:Levels:0:Targets:0"] = "auto-remediation",
        ["Escalation:Policies:P1:Levels:0:Targets:1"] = "#incidents",
        ["Escalation:Policies:P1:Levels:0:Delay"] = "00:05:00",
        ["Escalation:Policies:P1:Levels:1:Level"] = "2",
        ["Escalation:Policies:P1:Levels:1:Targets:0"] = "support",
        ["Escalation:Policies:P1:Levels:1:Delay"] = "00:15:00",
        ["Escalation:Policies:P1:Levels:1:Repeat"] = "1",
        ["Escalation:Policies:P1:Levels:2:Level"] = "3",
        ["Escalation:Policies:P1:Levels:2:Targets:0"] = "backend",
        ["Escalation:Policies:P1:Levels:2:Delay"] = "00:30:00",
        ["Escalation:Policies:P1:Levels:3:Level"] = "4",
        ["Escalation:Policies:P1:Levels:3:Targets:0"] = "architecture",
        ["Escalation:Policies:P1:Levels:3:Delay"] = "01:00:00",
        ["Escalation:Policies:P3:Levels:0:Level"] = "1",
        ["Escalation:Policies:P3:Levels:0:Targets:0"] = "support",
        ["Escalation:Policies:P3:Levels:0:Delay"] = "04:00:00",
    };

    private static EscalationOptions Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return configuration.GetSection(EscalationOptions.SectionName).Get<EscalationOptions>() ?? new EscalationOptions();
    }

    private static IReadOnlyList<string> Errors(Dictionary<string, string?> values) =>
        new EscalationOptionsValidator().Validate(null, Bind(values)).Failures?.ToList() ?? [];

    [Fact]
    public void Validate_SeedMatrix_Succeeds()
    {
        // Arrange
        var options = Bind(SeedMatrix());

        // Act
        var result = new EscalationOptionsValidator().Validate(null, options);

        // Assert
        Assert.True(result.Succeeded, result.FailureMessage);
        var matrix = options.ToMatrix();
        Assert.Equal(4, matrix.LevelsFor(Core.Model.Priority.P1).Count);
        Assert.Equal("cto", matrix.StepFor(Core.Model.Priority.P1, 6)!.Targets[0].Name);
    }

    [Fact]
    public void Validate_LevelReferencesUnknownTarget_NamesTheKey()
    {
        // Arrange
        var values = SeedMatrix();
        values["Escalation:Policies:P1:Levels:1:Targets:0"] = "suport";

        // Act
        var errors = Errors(values);

        // Assert
        var error = Assert.Single(errors);
        Assert.StartsWith("Escalation:Policies:P1:Levels:1:Targets:0: unknown target 'suport'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TargetsEscalateInACycle_NamesTheKeyAndTheCycle()
    {
        // Arrange
        var values = SeedMatrix();
        values["Escalation:Targets:4:Next"] = "backend";

        // Act
        var errors = Errors(values);

        // Assert
        Assert.Contains("Escalation:Targets:2:Next: targets escalate in a cycle: backend → cto → backend.", errors);
        Assert.Contains("Escalation:Targets:4:Next: targets escalate in a cycle: cto → backend → cto.", errors);
    }

    [Fact]
    public void Validate_TargetEscalatesToItself_IsACycle()
    {
        // Arrange
        var values = SeedMatrix();
        values["Escalation:Targets:1:Next"] = "support";

        // Act
        var errors = Errors(values);

        // Assert
        Assert.Equal(["Escalation:Targets:1:Next: targets escalate in a cycle: support → support."], errors);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:05:00")]
    public void Validate_ZeroOrNegativeDelay_NamesTheKey(string delay)
    {
        // Arrange
        var values = SeedMatrix();
        values["Escalation:Policies:P1:Levels:2:Delay"] = delay;

        // Act
        var errors = Errors(values);

        // Assert
        var error = Assert.Single(errors);
        Assert.StartsWith("Escalation:Policies:P1:Levels:2:Delay must be positive", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Escalation:Policies:P9:Levels:0:Delay", "00:01:00", "Escalation:Policies:P9: 'P9' is not a priority")]
    [InlineData("Escalation:Targets:0:Next", "ghost", "Escalation:Targets:0:Next: unknown target 'ghost'")]
    [InlineData("Escalation:Targets:3:Kind", "robot", "Escalation:Targets:3:Kind must be team, person or channel")]
    [InlineData("Escalation:Targets:3:Name", "support", "Escalation:Targets:3:Name: target 'support' is declared twice")]
    [InlineData("Escalation:Policies:P1:Levels:3:Level", "2", "Escalation:Policies:P1:Levels:3:Level must be a number from 1")]
    [InlineData("Escalation:Policies:P1:Levels:3:Repeat", "-1", "Escalation:Policies:P1:Levels:3:Repeat must not be negative")]
    [InlineData("Escalation:ReminderBefore", "-00:01:00", "Escalation:ReminderBefore must not be negative")]
    public void Validate_OtherBadInput_NamesTheKey(string key, string value, string expected)
    {
        // Arrange
        var values = SeedMatrix();
        values[key] = value;

        // Act
        var errors = Errors(values);

        // Assert
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PolicyWithoutLevels_NamesTheKey()
    {
        // Arrange
        var options = Bind(SeedMatrix());
        options.Policies["P2"] = new EscalationPolicyOptions();

        // Act
        var result = new EscalationOptionsValidator().Validate(null, options);

        // Assert
        Assert.Equal(["Escalation:Policies:P2:Levels must list at least one level."], result.Failures);
    }

    [Fact]
    public void AddAgentOpsScheduling_BadMatrix_FailsValidationNamingTheKey()
    {
        // Arrange
        var values = SeedMatrix();
        values["Escalation:Policies:P1:Levels:2:Delay"] = "00:00:00";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging().AddAgentOpsScheduling(configuration);
        using var provider = services.BuildServiceProvider();

        // Act
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EscalationOptions>>().Value);

        // Assert
        Assert.Contains("Escalation:Policies:P1:Levels:2:Delay", error.Message, StringComparison.Ordinal);
    }
}
