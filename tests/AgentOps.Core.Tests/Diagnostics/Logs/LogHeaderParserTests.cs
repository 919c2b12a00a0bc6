using AgentOps.Core.Diagnostics.Logs;

namespace AgentOps.Core.Tests.Diagnostics.Logs;

public class LogHeaderParserTests
{
    [Theory]
    [InlineData("2024-03-05 10:11:12,345 INFO [main] com.acme.Billing: invoice sent", "2024-03-05T10:11:12.3450000+00:00", LogSeverity.Info, "invoice sent")]
    [InlineData("2024-03-05T10:11:12.5Z ERROR payment refused", "2024-03-05T10:11:12.5000000+00:00", LogSeverity.Error, "payment refused")]
    [InlineData("2024-03-05T10:11:12+02:00 WARN disk low", "2024-03-05T10:11:12.0000000+02:00", LogSeverity.Warning, "disk low")]
    [InlineData("Mar  5 10:11:12 web01 nginx[311]: upstream timed out", "2030-03-05T10:11:12.0000000+00:00", LogSeverity.Unknown, "upstream timed out")]
    [InlineData("Mar 15 10:11:12 web01 kernel: oom killed", "2030-03-15T10:11:12.0000000+00:00", LogSeverity.Unknown, "oom killed")]
    [InlineData("24/03/05 10:11:12 INFO storage.Store: block kept", "2024-03-05T10:11:12.0000000+00:00", LogSeverity.Info, "block kept")]
    [InlineData("[Tue Mar 05 10:11:12 2024] [error] client denied", "2024-03-05T10:11:12.0000000+00:00", LogSeverity.Error, "client denied")]
    [InlineData("240305 101112 77 WARN fs.Node$Writer: slow write", "2024-03-05T10:11:12.0000000+00:00", LogSeverity.Warning, "slow write")]
    [InlineData("- 1709633472 2024.03.05 N1-C2 2024-03-05-10.11.12.250000 N1-C2 RAS KERNEL FATAL cache parity error", "2024-03-05T10:11:12.2500000+00:00", LogSeverity.Fatal, "cache parity error")]
    [InlineData("10.0.0.1 - - [05/Mar/2024:10:11:12 -0700] \"GET / HTTP/1.1\" 200", "2024-03-05T10:11:12.0000000-07:00", LogSeverity.Unknown, "\"GET / HTTP/1.1\" 200")]
    [InlineData("03-05 10:11:12.100 Debug wifi scan done", "2030-03-05T10:11:12.1000000+00:00", LogSeverity.Debug, "wifi scan done")]
    [InlineData("2024-03-05 10:11:12,001 - INFO  [Worker[id=1]/0.0.0.0:80:Pool@12] - queue drained", "2024-03-05T10:11:12.0010000+00:00", LogSeverity.Info, "queue drained")]
    public void Parse_KnownFormat_FindsTimestampLevelAndMessage(string line, string expectedTime, LogSeverity expectedLevel, string expectedContent)
    {
        // Act
        var header = LogHeaderParser.Parse(line, 2030);

        // Assert
        Assert.Equal(DateTimeOffset.Parse(expectedTime, System.Globalization.CultureInfo.InvariantCulture), header.Timestamp);
        Assert.Equal(expectedTime, header.Timestamp!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expectedLevel, header.Severity);
        Assert.Equal(expectedContent, line[header.ContentStart..]);
    }

    [Fact]
    public void Parse_NoHeader_KeepsWholeLine()
    {
        // Arrange
        const string line = "  plain message without header";

        // Act
        var header = LogHeaderParser.Parse(line, 2030);

        // Assert
        Assert.Null(header.Timestamp);
        Assert.Equal(LogSeverity.Unknown, header.Severity);
        Assert.Equal("plain message without header", line[header.ContentStart..]);
    }

    [Fact]
    public void Parse_EmptyLine_ContentIsEmpty()
    {
        // Act
        var header = LogHeaderParser.Parse("   ", 2030);

        // Assert
        Assert.Equal(3, header.ContentStart);
        Assert.Null(header.Timestamp);
    }

    [Theory]
    [InlineData("ERROR", LogSeverity.Error)]
    [InlineData("Warning", LogSeverity.Warning)]
    [InlineData("[notice]", LogSeverity.Notice)]
    [InlineData("SEVERE", LogSeverity.Fatal)]
    [InlineData("error", LogSeverity.Unknown)]
    [InlineData("Errors", LogSeverity.Unknown)]
    [InlineData("[crit]", LogSeverity.Fatal)]
    [InlineData("Information", LogSeverity.Info)]
    [InlineData("DBG:", LogSeverity.Debug)]
    [InlineData("FINEST", LogSeverity.Trace)]
    [InlineData("[eRRoR]", LogSeverity.Error)]
    [InlineData("InFo", LogSeverity.Unknown)]
    public void ParseLevel_Token_MapsToSeverity(string token, LogSeverity expected)
    {
        // Act
        var severity = LogHeaderParser.ParseLevel(token);

        // Assert
        Assert.Equal(expected, severity);
    }

    [Theory]
    [InlineData("2024-03-05 10:11:12,001 - INFO  [Worker[id=1]/0.0.0.0:80:Pool@12] - queue drained")]
    [InlineData("Mar 15 10:11:12 web01 kernel: oom killed")]
    [InlineData("[Tue Mar 05 10:11:12 2024] [error] client denied")]
    [InlineData("a b c d e f g Tue Mar 05 10:11:12 2024 - x y z w v u t")]
    [InlineData("a b c d e f g Mar 05 10:11:12 h i j k l m n o p")]
    [InlineData("a b c d e f g h i j k l m n o p q")]
    [InlineData("1709633472\u2003WARN\u00a0 [t 1] x.y: after non-ASCII spaces")]
    [InlineData("2024-03-05 10:11:12,001 INFO  [a very long thread name that crosses the sixty-fourth character] org.acme.Foo: done")]
    [InlineData("   ")]
    public void Parse_WithLineMasks_SameAsWithout(string escaped)
    {
        // Arrange: the miner's path reads tokens from the white-space mask, the public one character by character.
        var line = System.Text.RegularExpressions.Regex.Unescape(escaped);
        var blank = new ulong[LogLineMasks.WordsFor(line.Length) + 1];
        LogLineMasks.Fill(line, blank, new ulong[blank.Length]);

        // Act
        var withMasks = LogHeaderParser.Parse(line, 2030, blank);
        var without = LogHeaderParser.Parse(line, 2030);

        // Assert
        Assert.Equal(without, withMasks);
    }
}
