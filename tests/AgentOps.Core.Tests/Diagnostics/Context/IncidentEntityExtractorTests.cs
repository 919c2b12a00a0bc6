using AgentOps.Core.Diagnostics.Context;

namespace AgentOps.Core.Tests.Diagnostics.Context;

public sealed class IncidentEntityExtractorTests
{
    [Fact]
    public void Extract_ServicesHostsAndComponents_FindsEachOnceInOrder()
    {
        // Arrange
        const string text = "payments-api answers 500 on web-02 and db1.prod.local (10.0.3.7); Redis looks fine, payments-api again.";

        // Act
        var entities = IncidentEntityExtractor.Extract(text, "the email body");

        // Assert
        Assert.Equal(
            [("service", "payments-api"), ("host", "web-02"), ("host", "db1.prod.local"), ("host", "10.0.3.7"), ("component", "redis")],
            entities.Select(e => (e.Kind, e.Name)));
        Assert.All(entities, e => Assert.Equal("the email body", e.Where));
    }

    [Theory]
    [InlineData("Le service paiement ne répond plus", "paiement")]
    [InlineData("Le service de facturation est en panne", "facturation")]
    [InlineData("El servicio de pagos no responde", "pagos")]
    [InlineData("The checkout service is down", "checkout")]
    [InlineData("Der Dienst Warenkorb antwortet nicht", "warenkorb")]
    public void Extract_ServiceNamedInWords_FindsIt(string text, string service)
    {
        // Act
        var entities = IncidentEntityExtractor.Extract(text, "the email subject");

        // Assert
        Assert.Contains(entities, e => e.Kind == IncidentEntityKinds.Service && e.Name == service);
    }

    [Fact]
    public void Extract_EmailAddressesAndEncodings_AreNotHosts()
    {
        // Act
        var entities = IncidentEntityExtractor.Extract("Write to jean.martin@support.client-existant.fr, body in utf-8, the service is down", "the email body");

        // Assert
        Assert.DoesNotContain(entities, e => e.Kind == IncidentEntityKinds.Host);
        Assert.DoesNotContain(entities, e => e.Kind == IncidentEntityKinds.Service);
    }
}
