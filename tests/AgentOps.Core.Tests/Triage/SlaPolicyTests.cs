using AgentOps.Core.Model;
using AgentOps.Core.Triage;

namespace AgentOps.Core.Tests.Triage;

public sealed class SlaPolicyTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 9, 11, 30, 0, TimeSpan.FromHours(1));

    private static TriageOptions Options()
    {
        var options = new TriageOptions();
        options.Sla["P1"] = new SlaTargetOptions { Acknowledge = TimeSpan.FromMinutes(30), Resolve = TimeSpan.FromHours(8) };
        options.Customers["client-existant.fr"] = new CustomerContractOptions
        {
            Tier = "enterprise",
            Language = "fr",
            Sla = new(StringComparer.OrdinalIgnoreCase) { ["P1"] = new SlaTargetOptions { Resolve = TimeSpan.FromHours(4) } },
        };
        return options;
    }

    [Fact]
    public async Task Compute_Seed004FromClientExistant_IsP1WithFourHourSla()
    {
        // Arrange
        var options = Options();
        var customer = new ConfiguredCustomerDirectory(options).Resolve(Seed004.Sender, "Jean Martin");
        var triage = await new RulesTriageClassifier().ClassifyAsync(new TriageInput(Seed004.Subject, Seed004.Body) { Customer = customer });
        var policy = new SlaPolicy(options);

        // Act
        var sla = policy.Compute(triage.Priority, customer, Start);

        // Assert
        Assert.Equal(Priority.P1, triage.Priority);
        Assert.Equal("bug", triage.Intent);
        Assert.Equal(TimeSpan.FromHours(4), sla.ResolutionTarget);
        Assert.Equal(Start.AddHours(4), sla.ResolveBy);
        Assert.Equal(Start.AddMinutes(30), sla.AcknowledgeBy);
    }

    [Fact]
    public void Compute_UnknownCustomer_UsesDefaultTable()
    {
        // Arrange
        var policy = new SlaPolicy(new TriageOptions());
        var customer = new Customer("x", "x@nowhere.example", "nowhere.example");

        // Act
        var p3 = policy.Compute(Priority.P3, customer, Start);
        var p4 = policy.Compute(Priority.P4, null, Start);

        // Assert
        Assert.Equal(Start.AddHours(4), p3.AcknowledgeBy);
        Assert.Equal(Start.AddDays(3), p3.ResolveBy);
        Assert.Equal(TimeSpan.FromDays(10), p4.ResolutionTarget);
    }

    [Fact]
    public void Compute_ContractWithoutOverrideForPriority_UsesDefault()
    {
        // Arrange
        var options = Options();
        var policy = new SlaPolicy(options);
        var customer = new ConfiguredCustomerDirectory(options).Resolve(Seed004.Sender, null);

        // Act
        var sla = policy.Compute(Priority.P2, customer, Start);

        // Assert
        Assert.Equal(TimeSpan.FromHours(8), sla.ResolutionTarget);
    }

    [Fact]
    public void Constructor_NegativeDuration_ThrowsNamingTheKey()
    {
        // Arrange
        var options = Options();
        options.Customers["client-existant.fr"].Sla["P1"].Resolve = TimeSpan.FromHours(-1);
        options.Sla["P3"].Acknowledge = TimeSpan.Zero;

        // Act
        var error = Assert.Throws<ArgumentException>(() => new SlaPolicy(options));

        // Assert
        Assert.Contains("Triage:Customers:client-existant.fr:Sla:P1:Resolve must be a positive duration", error.Message, StringComparison.Ordinal);
        Assert.Contains("Triage:Sla:P3:Acknowledge must be a positive duration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownPriorityKeyAndMissingDefault_AreReported()
    {
        // Arrange
        var options = new TriageOptions();
        options.Sla.Remove("P4");
        options.Sla["P5"] = new SlaTargetOptions { Acknowledge = TimeSpan.FromHours(1), Resolve = TimeSpan.FromHours(2) };

        // Act
        var errors = options.Validate();

        // Assert
        Assert.Contains("Triage:Sla:P4 is missing.", errors);
        Assert.Contains(errors, e => e.StartsWith("Triage:Sla:P5 is not a priority", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_AreValid()
    {
        // Arrange
        var options = new TriageOptions();

        // Act
        var errors = options.Validate();

        // Assert
        Assert.Empty(errors);
    }
}
