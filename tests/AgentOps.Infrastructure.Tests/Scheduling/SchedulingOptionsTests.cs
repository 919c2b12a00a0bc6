using System.ComponentModel.DataAnnotations;
using AgentOps.Infrastructure.Scheduling;

namespace AgentOps.Infrastructure.Tests.Scheduling;

public sealed class SchedulingOptionsTests
{
    private static List<string> Errors(SchedulingOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? string.Empty).ToList();
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        // Act
        var errors = Errors(new SchedulingOptions());

        // Assert
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("redis", null, false, "Scheduling:Store must be 'sqlite' or 'postgres', not 'redis'.")]
    [InlineData("postgres", null, false, "Scheduling:ConnectionString is required when Scheduling:Store is 'postgres'.")]
    [InlineData("sqlite", null, true, "Scheduling:Clustered needs Scheduling:Store 'postgres': nodes share timers through one PostgreSQL.")]
    public void Validate_BadStoreSettings_NamesTheKey(string store, string? connectionString, bool clustered, string expected)
    {
        // Arrange
        var options = new SchedulingOptions { Store = store, ConnectionString = connectionString, Clustered = clustered };

        // Act
        var errors = Errors(options);

        // Assert
        Assert.Contains(expected, errors);
    }

    [Fact]
    public void Validate_MisfireThresholdBelowCheckin_NamesBothKeys()
    {
        // Arrange
        var options = new SchedulingOptions { CheckinInterval = TimeSpan.FromSeconds(10), CheckinMisfireThreshold = TimeSpan.FromSeconds(5) };

        // Act
        var errors = Errors(options);

        // Assert
        Assert.Contains(errors, e => e.StartsWith("Scheduling:CheckinMisfireThreshold (00:00:05) must be at least Scheduling:CheckinInterval", StringComparison.Ordinal));
    }
}
