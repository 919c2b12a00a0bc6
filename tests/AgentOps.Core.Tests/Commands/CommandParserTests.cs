using AgentOps.Core.Commands;

namespace AgentOps.Core.Tests.Commands;

public sealed class CommandParserTests
{
    [Theory]
    [InlineData("/pm:issue-start 3")]
    [InlineData("pm issue-start 3")]
    [InlineData("/pm issue-start 3")]
    [InlineData("issue-start 3")]
    [InlineData("  /PM:Issue-Start   3  ")]
    public void Parse_EveryTransportPrefix_YieldsTheSameCommand(string text)
    {
        // Act
        var command = CommandParser.Parse(text);

        // Assert
        Assert.Equal("issue-start", command.Verb);
        Assert.Equal(["3"], command.Arguments);
    }

    [Fact]
    public void Parse_OptionsWithSpaceOrEquals_AreRead()
    {
        // Act
        var command = CommandParser.Parse("incident-transition INC-2026-0001 force-resolve --reason \"fix deployed, checks green\"");
        var same = CommandParser.Parse("incident-transition INC-2026-0001 force-resolve --reason='fix deployed, checks green'");

        // Assert
        Assert.Equal("fix deployed, checks green", command.Option("reason"));
        Assert.Equal(command.Option("reason"), same.Option("reason"));
        Assert.Equal(["INC-2026-0001", "force-resolve"], command.Arguments);
    }

    [Fact]
    public void Parse_FreeTextArgument_JoinsTheRemainingWords()
    {
        // Act
        var command = CommandParser.Parse("/pm:incident-new Paiements bloqués depuis 10h --priority P1");

        // Assert
        Assert.Equal(["Paiements bloqués depuis 10h"], command.Arguments);
        Assert.Equal("P1", command.Option("priority"));
    }

    [Fact]
    public void Parse_JsonOnReadVerb_SetsJson()
    {
        // Act
        var command = CommandParser.Parse("pm status --json");

        // Assert
        Assert.True(command.Json);
    }

    [Fact]
    public void Parse_JsonOnWriteVerb_IsAUsageError()
    {
        // Act & Assert
        var ex = Assert.Throws<CommandParseException>(() => CommandParser.Parse("pm issue-start 3 --json"));
        Assert.Contains("Usage:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownVerb_SuggestsTheClosestOne()
    {
        // Act
        var ex = Assert.Throws<CommandParseException>(() => CommandParser.Parse("/pm:isue-start 3"));

        // Assert
        Assert.Contains("Did you mean 'issue-start'?", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pm issue-start", "needs <track>")]
    [InlineData("pm issue-start 3 4", "at most 1 argument")]
    [InlineData("pm issue-start 3 --colour red", "no option --colour")]
    [InlineData("pm issue-close 3 --incident", "needs a value")]
    [InlineData("pm", "No command given")]
    [InlineData("pm search \"unclosed", "not closed")]
    public void Parse_BadArguments_ExplainsWhatIsWrong(string text, string expected)
    {
        // Act
        var ex = Assert.Throws<CommandParseException>(() => CommandParser.Parse(text));

        // Assert
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokenize_EscapedQuote_StaysInTheWord()
    {
        // Act
        var words = CommandParser.Tokenize("search \"say \\\"hi\\\"\" done");

        // Assert
        Assert.Equal(["search", "say \"hi\"", "done"], words);
    }

    [Fact]
    public void Catalog_EveryVerbOfTheIssue_IsThere()
    {
        // Arrange
        string[] required =
        [
            "prd-new", "prd-parse", "epic-decompose", "epic-show", "epic-status", "epic-sync", "issue-start", "issue-close",
            "issue-reopen", "issue-status", "status", "standup", "blocked", "next", "in-progress", "search", "help",
            "incident-new", "incident-show", "incident-transition",
        ];

        // Act
        var missing = required.Where(v => CommandCatalog.Find(v) is null).ToList();

        // Assert
        Assert.Empty(missing);
    }
}
