using AgentOps.Host.Server;

namespace AgentOps.Dashboard.Tests.Server;

public sealed class ApiKeyVerifierTests
{
    private readonly ApiKeyVerifier _verifier = new(new ServerOptions { ApiKeyHashes = [ApiKeyVerifier.Hash("key-a"), "not-a-hash"] });

    [Fact]
    public void IsConfiguredHash_HashOfAConfiguredKey_IsTrue()
    {
        // Act
        var configured = _verifier.IsConfiguredHash(ApiKeyVerifier.Hash("key-a"));

        // Assert
        Assert.True(configured);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("zz")]
    [InlineData("key-a")]
    public void IsConfiguredHash_AnythingElse_IsFalse(string? hash)
    {
        // Act
        var configured = _verifier.IsConfiguredHash(hash);

        // Assert
        Assert.False(configured);
    }

    [Fact]
    public void IsConfiguredHash_HashOfAnotherKey_IsFalse()
    {
        // Act
        var configured = _verifier.IsConfiguredHash(ApiKeyVerifier.Hash("key-b"));

        // Assert
        Assert.False(configured);
    }

    [Fact]
    public void HasKeys_NoValidHash_IsFalse()
    {
        // Arrange
        var verifier = new ApiKeyVerifier(new ServerOptions { ApiKeyHashes = ["short"] });

        // Act
        var hasKeys = verifier.HasKeys;

        // Assert
        Assert.False(hasKeys);
        Assert.True(_verifier.HasKeys);
    }
}
