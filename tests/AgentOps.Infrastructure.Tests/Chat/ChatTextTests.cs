using AgentOps.Infrastructure.Chat;

namespace AgentOps.Infrastructure.Tests.Chat;

public sealed class ChatTextTests
{
    [Theory]
    [InlineData("<at>AgentOps</at> issue-start 3", "issue-start 3")]
    [InlineData("<at>AgentOps</at>&nbsp;status\n", "status")]
    [InlineData("<p><at>Agent Ops</at> search disk &amp; cpu</p>", "search disk & cpu")]
    [InlineData("<AT id=\"0\">AgentOps</AT> /pm:incident-show INC-2026-0001", "/pm:incident-show INC-2026-0001")]
    [InlineData("status", "status")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void TeamsCommand_MessageText_IsTheBareCommand(string? text, string expected)
    {
        // Act
        var command = ChatText.TeamsCommand(text);

        // Assert
        Assert.Equal(expected, command);
    }

    [Fact]
    public void EscapeSlack_ControlCharacters_AreEntities()
    {
        // Act
        var escaped = ChatText.EscapeSlack("<!channel> & <@U1|x>");

        // Assert
        Assert.Equal("&lt;!channel&gt; &amp; &lt;@U1|x&gt;", escaped);
    }

    [Fact]
    public void SlackCodeBlock_TextWithFences_CannotCloseTheBlockEarly()
    {
        // Act
        var block = ChatText.SlackCodeBlock("a ``` b");

        // Assert
        Assert.StartsWith("```\n", block, StringComparison.Ordinal);
        Assert.EndsWith("\n```", block, StringComparison.Ordinal);
        Assert.Equal(2, block.Split("```").Length - 1);
    }

    [Fact]
    public void Truncate_LongOutput_IsCutAtALineEndAndSaysHowMuchIsMissing()
    {
        // Arrange
        var text = string.Join('\n', Enumerable.Range(1, 1000).Select(i => $"INC-2026-{i:0000} P2 Investigating"));

        // Act
        var cut = ChatText.Truncate(text, 2000);

        // Assert
        Assert.True(cut.Length <= 2000, cut.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("INC-2026-0001 P2 Investigating\n", cut, StringComparison.Ordinal);
        var kept = cut.Split('\n').Length - 1;
        Assert.EndsWith($"… {1000 - kept} more line(s) cut; run the command with 'agentops pm' or read /api/v1 for the whole output.", cut, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncate_ShortOutput_IsUnchanged()
    {
        // Act
        var same = ChatText.Truncate("Open incidents: 0", 2000);

        // Assert
        Assert.Equal("Open incidents: 0", same);
    }
}
