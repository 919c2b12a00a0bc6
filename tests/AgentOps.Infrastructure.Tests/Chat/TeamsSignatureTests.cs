using System.Security.Cryptography;
using System.Text;
using AgentOps.Infrastructure.Chat;

namespace AgentOps.Infrastructure.Tests.Chat;

public sealed class TeamsSignatureTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();
    private static readonly string Token = Convert.ToBase64String(Key);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"type\":\"message\",\"text\":\"<at>AgentOps</at> status\"}");

    [Fact]
    public void Compute_Body_IsHmacOfTheRawBodyKeyedByTheDecodedToken()
    {
        // Arrange
        using var hmac = new HMACSHA256(Key);
        var expected = "HMAC " + Convert.ToBase64String(hmac.ComputeHash(Body));

        // Act
        var header = TeamsSignature.Compute(Token, Body);

        // Assert
        Assert.Equal(expected, header);
    }

    [Fact]
    public void Verify_ComputedHeader_IsValid()
    {
        // Act
        var result = TeamsSignature.Verify(Token, TeamsSignature.Compute(Token, Body), Body);

        // Assert
        Assert.Equal(ChatSignatureResult.Valid, result);
    }

    [Fact]
    public void Verify_KeyedByTheTokenTextInsteadOfItsBytes_IsInvalid()
    {
        // Arrange: the classic mistake, keying the HMAC with the base64 text itself.
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Token));
        var header = "HMAC " + Convert.ToBase64String(hmac.ComputeHash(Body));

        // Act
        var result = TeamsSignature.Verify(Token, header, Body);

        // Assert
        Assert.Equal(ChatSignatureResult.Invalid, result);
    }

    [Theory]
    [InlineData(null, ChatSignatureResult.Missing)]
    [InlineData("", ChatSignatureResult.Missing)]
    [InlineData("Bearer abc", ChatSignatureResult.Invalid)]
    [InlineData("HMAC not-base64!", ChatSignatureResult.Invalid)]
    [InlineData("HMAC AAAA", ChatSignatureResult.Invalid)]
    [InlineData("HMAC AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ChatSignatureResult.Invalid)]
    public void Verify_MissingOrMalformedHeader_IsRefused(string? header, ChatSignatureResult expected)
    {
        // Act
        var result = TeamsSignature.Verify(Token, header, Body);

        // Assert
        Assert.Equal(expected, result);
    }

    [Fact]
    public void Verify_BodyChanged_IsInvalid()
    {
        // Arrange
        var header = TeamsSignature.Compute(Token, Body);
        var tampered = Encoding.UTF8.GetBytes("{\"type\":\"message\",\"text\":\"<at>AgentOps</at> approve\"}");

        // Act
        var result = TeamsSignature.Verify(Token, header, tampered);

        // Assert
        Assert.Equal(ChatSignatureResult.Invalid, result);
    }
}
