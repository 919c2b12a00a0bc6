using System.Security.Cryptography;
using System.Text;
using AgentOps.Infrastructure.Chat;

namespace AgentOps.Infrastructure.Tests.Chat;

public sealed class SlackSignatureTests
{
    // The worked example of api.slack.com/authentication/verifying-requests-from-slack.
    private const string DocSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string DocTimestamp = "1531420618";
    private const string DocBody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string DocSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static readonly DateTimeOffset DocTime = DateTimeOffset.FromUnixTimeSeconds(1531420618);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(DocBody);

    [Fact]
    public void Compute_SlacksPublishedExample_GivesSlacksSignature()
    {
        // Act
        var signature = SlackSignature.Compute(DocSecret, DocTimestamp, Body);

        // Assert
        Assert.Equal(DocSignature, signature);
    }

    [Fact]
    public void Compute_AnyBody_MatchesAnIndependentHmacOfTheBaseString()
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes("text=caf%C3%A9&user_id=U1");
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes("s3cret"));
        var expected = "v0=" + Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes("v0:1700000000:text=caf%C3%A9&user_id=U1")));

        // Act
        var signature = SlackSignature.Compute("s3cret", "1700000000", body);

        // Assert
        Assert.Equal(expected, signature);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(299)]
    [InlineData(-299)]
    public void Verify_ExampleWithinTheWindow_IsValid(int secondsLater)
    {
        // Act
        var result = SlackSignature.Verify(DocSecret, DocTimestamp, DocSignature, Body, DocTime.AddSeconds(secondsLater), Window);

        // Assert
        Assert.Equal(ChatSignatureResult.Valid, result);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    [InlineData(86_400)]
    public void Verify_ExampleOutsideTheWindow_IsReplayed(int secondsLater)
    {
        // Act
        var result = SlackSignature.Verify(DocSecret, DocTimestamp, DocSignature, Body, DocTime.AddSeconds(secondsLater), Window);

        // Assert
        Assert.Equal(ChatSignatureResult.Replayed, result);
    }

    [Theory]
    [InlineData(null, DocSignature, ChatSignatureResult.Missing)]
    [InlineData(DocTimestamp, null, ChatSignatureResult.Missing)]
    [InlineData(DocTimestamp, "", ChatSignatureResult.Missing)]
    [InlineData("1531420619", DocSignature, ChatSignatureResult.Invalid)]
    [InlineData("-1531420618", DocSignature, ChatSignatureResult.Invalid)]
    [InlineData("15314206l8", DocSignature, ChatSignatureResult.Invalid)]
    [InlineData(DocTimestamp, "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b504", ChatSignatureResult.Invalid)]
    [InlineData(DocTimestamp, "v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", ChatSignatureResult.Invalid)]
    [InlineData(DocTimestamp, "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b5", ChatSignatureResult.Invalid)]
    [InlineData(DocTimestamp, "v0=zz114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", ChatSignatureResult.Invalid)]
    public void Verify_MissingOrWrongHeaders_IsRefused(string? timestamp, string? signature, ChatSignatureResult expected)
    {
        // Act
        var result = SlackSignature.Verify(DocSecret, timestamp, signature, Body, DocTime, Window);

        // Assert
        Assert.Equal(expected, result);
    }

    [Fact]
    public void Verify_UppercaseHex_IsValid()
    {
        // Act
        var result = SlackSignature.Verify(DocSecret, DocTimestamp, "v0=" + DocSignature[3..].ToUpperInvariant(), Body, DocTime, Window);

        // Assert
        Assert.Equal(ChatSignatureResult.Valid, result);
    }

    [Fact]
    public void Verify_OneByteOfTheBodyChanged_IsInvalid()
    {
        // Arrange
        var tampered = (byte[])Body.Clone();
        tampered[^1] ^= 1;

        // Act
        var result = SlackSignature.Verify(DocSecret, DocTimestamp, DocSignature, tampered, DocTime, Window);

        // Assert
        Assert.Equal(ChatSignatureResult.Invalid, result);
    }

    [Fact]
    public void Verify_OtherSecret_IsInvalid()
    {
        // Act
        var result = SlackSignature.Verify("another-secret", DocTimestamp, DocSignature, Body, DocTime, Window);

        // Assert
        Assert.Equal(ChatSignatureResult.Invalid, result);
    }
}
