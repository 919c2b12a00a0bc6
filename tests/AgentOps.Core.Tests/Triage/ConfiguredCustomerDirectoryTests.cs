using AgentOps.Core.Triage;

namespace AgentOps.Core.Tests.Triage;

public sealed class ConfiguredCustomerDirectoryTests
{
    private static ConfiguredCustomerDirectory Directory()
    {
        var options = new TriageOptions();
        options.Customers["client-existant.fr"] = new CustomerContractOptions { Tier = "enterprise", Language = "fr", Name = "Client Existant" };
        return new ConfiguredCustomerDirectory(options);
    }

    [Fact]
    public void Resolve_ConfiguredDomain_ReturnsTierAndLanguage()
    {
        // Arrange
        var directory = Directory();

        // Act
        var customer = directory.Resolve("<Support@Client-Existant.FR>", "Jean Martin");

        // Assert
        Assert.Equal("client-existant.fr", customer.Domain);
        Assert.Equal("enterprise", customer.Tier);
        Assert.Equal("fr", customer.Language);
        Assert.Equal("Jean Martin", customer.Name);
    }

    [Fact]
    public void Resolve_SubDomain_FallsBackToParentContract()
    {
        // Arrange
        var directory = Directory();

        // Act
        var customer = directory.Resolve("ops@eu.client-existant.fr", null);

        // Assert
        Assert.Equal("enterprise", customer.Tier);
        Assert.Equal("Client Existant", customer.Name);
    }

    [Fact]
    public void Resolve_UnknownDomain_IsStandard()
    {
        // Arrange
        var directory = Directory();

        // Act
        var customer = directory.Resolve("bob@example.org", null);

        // Assert
        Assert.Equal("standard", customer.Tier);
        Assert.Null(customer.Language);
        Assert.Equal("bob", customer.Name);
    }
}
