using AgentOps.Core.Diagnostics.Logs;

namespace AgentOps.Core.Tests.Diagnostics.Logs;

public class LogPaiCsvWriterTests
{
    [Theory]
    [InlineData("plain <*>", "plain <*>")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    public void Quote_Field_FollowsRfc4180(string field, string expected)
    {
        // Act
        var quoted = LogPaiCsvWriter.Quote(field);

        // Assert
        Assert.Equal(expected, quoted);
    }

    [Fact]
    public async Task WriteAsync_Lines_WritesOneRowPerLineWithFinalTemplates()
    {
        // Arrange
        var input = new StringReader("user login, bob id 7\nuser login, eve id 9\nuser login, ann id 2\nuser login, joe id 4\ndisk \"sda\" full\n");
        var output = new StringWriter { NewLine = "\n" };

        // Act
        await LogPaiCsvWriter.WriteAsync(input, output);

        // Assert
        var rows = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "LineId,EventId,EventTemplate",
                "1,E1,\"user login, <*> id <*>\"",
                "2,E1,\"user login, <*> id <*>\"",
                "3,E1,\"user login, <*> id <*>\"",
                "4,E1,\"user login, <*> id <*>\"",
                "5,E5,\"disk \"\"sda\"\" full\"",
            ],
            rows);
    }
}
