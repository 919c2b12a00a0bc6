using AgentOps.Core.Commands;

namespace AgentOps.Core.Tests.Commands;

public sealed class CommentCommandParserTests
{
    [Theory]
    [InlineData("/pm:issue-start", CommentCommandVerb.IssueStart, null, null)]
    [InlineData("/pm:issue-close root cause found", CommentCommandVerb.IssueClose, null, "root cause found")]
    [InlineData("/status mitigating", CommentCommandVerb.Status, "mitigating", null)]
    [InlineData("/status Blocked waiting for the DBA", CommentCommandVerb.Status, "blocked", "waiting for the DBA")]
    [InlineData("/status in_progress", CommentCommandVerb.Status, "in-progress", null)]
    [InlineData("/ack", CommentCommandVerb.Ack, null, null)]
    [InlineData("/assign @octo-cat", CommentCommandVerb.Assign, "octo-cat", null)]
    [InlineData("/approve C-INC-2026-0001-1", CommentCommandVerb.Approve, "C-INC-2026-0001-1", null)]
    [InlineData("/priority p2", CommentCommandVerb.Priority, "P2", null)]
    public void Parse_WellFormedCommand_ReturnsIt(string line, CommentCommandVerb verb, string? argument, string? reason)
    {
        // Act
        var result = CommentCommandParser.Parse(line);

        // Assert
        var command = Assert.Single(result.Commands);
        Assert.Empty(result.Errors);
        Assert.Equal(verb, command.Verb);
        Assert.Equal(argument, command.Argument);
        Assert.Equal(reason, command.Reason);
    }

    [Theory]
    [InlineData("/priority P5", "/priority P1")]
    [InlineData("/priority", "/priority P1")]
    [InlineData("/status sleeping", "expected `/status <state>`")]
    [InlineData("/status cancelled", "needs a reason")]
    [InlineData("/assign", "/assign @user")]
    [InlineData("/assign @-bad-", "/assign @user")]
    [InlineData("/approve", "/approve <id>")]
    [InlineData("/pm:issue-sync", "unknown command")]
    public void Parse_MalformedCommand_ReturnsAnErrorThatSaysWhy(string line, string why)
    {
        // Act
        var result = CommentCommandParser.Parse(line);

        // Assert
        Assert.Empty(result.Commands);
        var error = Assert.Single(result.Errors);
        Assert.Contains(why, error, StringComparison.Ordinal);
        Assert.False(result.IsEmpty);
    }

    [Fact]
    public void Parse_DiscussionQuotesCodeAndOtherBotsCommands_AreNotCommands()
    {
        // Arrange
        const string body = "I think we should wait.\n> /status resolved\n```\n/ack\n```\n/cc @alice\nsee /status page";

        // Act
        var result = CommentCommandParser.Parse(body);

        // Assert
        Assert.True(result.IsEmpty);
    }

    [Fact]
    public void Parse_SeveralCommandLines_KeepsTheirOrder()
    {
        // Act
        var result = CommentCommandParser.Parse("Found it.\r\n/ack\r\n  /status mitigating  \r\n/priority P1");

        // Assert
        Assert.Equal([CommentCommandVerb.Ack, CommentCommandVerb.Status, CommentCommandVerb.Priority], result.Commands.Select(c => c.Verb));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_NoText_IsEmpty(string? body)
    {
        Assert.True(CommentCommandParser.Parse(body).IsEmpty);
    }
}
