using AgentOps.Host.Server;
using AgentOps.Host.Server.Security;

namespace AgentOps.Host.Tests.Server;

public sealed class ApiKeyVerifierTests
{
    private static readonly ApiKeyVerifier Verifier = new(new ServerOptions
    {
        ApiKeys =
        [
            new ApiKeyEntry { Name = "grafana", Hash = ApiKeyVerifier.Hash("k-read"), Role = ApiRole.Read },
            new ApiKeyEntry { Name = "ops", Hash = ApiKeyVerifier.Hash("k-admin").ToUpperInvariant(), Role = ApiRole.Admin },
        ],
        ApiKeyHashes = [ApiKeyVerifier.Hash("k-legacy")],
    });

    [Theory]
    [InlineData("k-read", "grafana", ApiRole.Read)]
    [InlineData("k-admin", "ops", ApiRole.Admin)]
    [InlineData("k-legacy", "api-key-1", ApiRole.Write)]
    public void Verify_ConfiguredKey_ReturnsItsNameAndRole(string key, string name, ApiRole role)
    {
        // Act
        var identity = Verifier.Verify(key);

        // Assert
        Assert.Equal(new ApiKeyIdentity(name, role), identity);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("k-read ")]
    [InlineData("K-READ")]
    public void Verify_UnknownKey_ReturnsNull(string? key)
    {
        // Act
        var identity = Verifier.Verify(key);

        // Assert
        Assert.Null(identity);
    }

    [Fact]
    public void IsValid_ReadOnlyKey_IsNotEnoughToWrite()
    {
        // Act
        var read = Verifier.IsValid("k-read");
        var legacy = Verifier.IsValid("k-legacy");

        // Assert
        Assert.False(read);
        Assert.True(legacy);
    }

    [Fact]
    public void Hash_IsLowercaseSha256Hex()
    {
        // Act
        var hash = ApiKeyVerifier.Hash("abc");

        // Assert
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hash);
    }
}
