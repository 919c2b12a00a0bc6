using AgentOps.Core.Communication;

namespace AgentOps.Core.Tests.Communication;

public sealed class DraftCheckerTests
{
    private static readonly RequiredFact[] Facts = [new("incident id", "INC-2026-0001"), new("status", "resolved", Paraphrase: true)];
    private readonly DraftChecker _checker = new();

    [Fact]
    public void Check_CleanDraftWithAllFacts_Passes()
    {
        // Act
        var result = _checker.Check("RE: Payments [INC-2026-0001]", "Hello,\nIncident INC-2026-0001 is resolved. See https://status.example.com and localhost docs.\n", Facts);

        // Assert
        Assert.True(result.Passed, result.Reason);
    }

    [Theory]
    [InlineData("The key sk_live_51HxQ2eZvKYlo2C was rotated", "secret: Stripe key")]
    [InlineData("token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "secret: GitHub token")]
    [InlineData("aws AKIAIOSFODNN7EXAMPLE in config", "secret: AWS access key")]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0", "secret: bearer token")]
    [InlineData("set password=Hunter2! in the file", "secret: password or key assignment")]
    [InlineData("mot de passe: azerty123", "secret: password or key assignment")]
    [InlineData("connect to postgres://app:s3cret@db/prod", "secret: credentials in URL")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----", "secret: private key")]
    [InlineData("the node payments-01.prod.internal restarted", "internal hostname")]
    [InlineData("see grafana.corp for details", "internal hostname")]
    [InlineData("printer.local is down", "internal hostname")]
    [InlineData("database at 10.12.0.7 was slow", "private IP address")]
    [InlineData("gateway 192.168.1.20", "private IP address")]
    [InlineData("System.InvalidOperationException: boom\n   at Payments.Charge(Order o) in /src/Pay.cs:line 42", "stack trace")]
    [InlineData("at com.shop.Pay.charge(Pay.java:42)", "stack trace")]
    [InlineData("Traceback (most recent call last):\n  File \"pay.py\", line 3", "stack trace")]
    public void Check_DraftLeaksSomething_HeldWithTheReason(string leak, string reason)
    {
        // Act
        var result = _checker.Check("RE: x [INC-2026-0001]", $"Incident INC-2026-0001 is resolved.\n{leak}\n", Facts);

        // Assert
        Assert.False(result.Passed);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Secret_ReasonDoesNotRepeatTheSecret()
    {
        // Act
        var result = _checker.Check("s", "INC-2026-0001 resolved. sk_live_51HxQ2eZvKYlo2C", Facts);

        // Assert
        Assert.DoesNotContain("51HxQ2eZvKYlo2C", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RequiredFactMissing_NamesTheFact()
    {
        // Act
        var result = _checker.Check("s", "The incident is resolved.", Facts);

        // Assert
        Assert.Equal(["missing required fact: incident id ('INC-2026-0001')"], result.Problems);
    }

    [Fact]
    public void Check_ParaphrasedCauseKeepingItsWords_Passes()
    {
        // Arrange
        RequiredFact[] facts = [new("cause", "Expiration automatique de la clé API Stripe (rotation sécurité)", Paraphrase: true)];

        // Act
        var result = _checker.Check("s", "La clé API Stripe a expiré lors d'une rotation automatique de sécurité.", facts);

        // Assert
        Assert.True(result.Passed, result.Reason);
    }

    [Fact]
    public void Check_CauseNotMentioned_Held()
    {
        // Arrange
        RequiredFact[] facts = [new("cause", "Expiration automatique de la clé API Stripe (rotation sécurité)", Paraphrase: true)];

        // Act
        var result = _checker.Check("s", "Tout est rentré dans l'ordre.", facts);

        // Assert
        Assert.False(result.Passed);
    }

    [Fact]
    public void Check_EmptyBody_Held()
    {
        // Act
        var result = _checker.Check("s", "  ", []);

        // Assert
        Assert.Contains("empty body", result.Problems);
    }
}
