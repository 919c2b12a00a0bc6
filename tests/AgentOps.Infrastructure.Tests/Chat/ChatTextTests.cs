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
}
