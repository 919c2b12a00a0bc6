using AgentOps.Core.Diagnostics.Logs;

namespace AgentOps.Core.Tests.Diagnostics.Logs;

public class LogTokenClassifierTests
{
    [Theory]
    [InlineData("retry", LogTokenKind.Word)]
    [InlineData("42", LogTokenKind.Number)]
    [InlineData("-3.5", LogTokenKind.Number)]
    [InlineData("0x1f", LogTokenKind.Hex)]
    [InlineData("deadbeef", LogTokenKind.Hex)]
    [InlineData("10.1.2.3:8080", LogTokenKind.Ip)]
    [InlineData("fe80::1:2", LogTokenKind.Ip)]
    [InlineData("123e4567-e89b-12d3-a456-426614174000", LogTokenKind.Uuid)]
    [InlineData("/var/log/app.log", LogTokenKind.Path)]
    [InlineData("https://example.test/a", LogTokenKind.Url)]
    [InlineData("10:11:12", LogTokenKind.Timestamp)]
    [InlineData("2024-03-05", LogTokenKind.Timestamp)]
    [InlineData("Jun", LogTokenKind.Timestamp)]
    [InlineData("blk_-160899", LogTokenKind.BlockId)]
    [InlineData("uid=0", LogTokenKind.KeyValue)]
    [InlineData("lr:00004ed0", LogTokenKind.KeyValue)]
    [InlineData("node-7a", LogTokenKind.Alphanumeric)]
    public void Classify_Token_ReturnsKind(string token, LogTokenKind expected)
    {
        // Act
        var kind = LogTokenClassifier.Classify(token);

        // Assert
        Assert.Equal(expected, kind);
    }

    [Theory]
    [InlineData("retry", "retry")]
    [InlineData("[10.1.2.3]", "[<*>]")]
    [InlineData("(uid=0)", "(uid=<*>)")]
    [InlineData("size=", "size=")]
    [InlineData("3200,", "<*>,")]
    [InlineData("[19939]:", "[<*>]:")]
    [InlineData("(007)", "(<*>)")]
    [InlineData("-7", "<*>")]
    [InlineData("blk_-160899", "blk_<*>")]
    [InlineData("core.2275", "core.<*>")]
    [InlineData("R02-M1", "R<*>-M<*>")]
    [InlineData("'svc'", "'svc'")]
    [InlineData("user=root", "user=root")]
    [InlineData("rhost=host.example", "rhost=<*>")]
    [InlineData("org.acme.billing.Invoice", "<*>")]
    public void Mask_Token_KeepsPunctuationAndKeys(string token, string expected)
    {
        // Act
        var masked = LogTokenClassifier.Mask(token);

        // Assert
        Assert.Equal(expected, masked);
    }
}
