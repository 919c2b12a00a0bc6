using AgentOps.Infrastructure.Ai;

namespace AgentOps.Infrastructure.Tests.Ai;

public sealed class TokenCounterTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("hello world", 2)]
    [InlineData("2024-03-05T10:00:00Z ERROR payments order=42 failed", 19)]
    public void Count_Text_IsTheO200kTokenCount(string text, int expected)
    {
        // Act
        var count = TokenCounter.O200k.Count(text);

        // Assert
        Assert.Equal(expected, count);
    }

    [Fact]
    public void Count_LogText_DiffersFromTheCharsOverFourEstimate()
    {
        // Arrange: timestamps and ids cut into many short tokens, far from chars/4.
        var text = string.Join('\n', Enumerable.Range(0, 50).Select(i => $"2024-03-05T10:00:{i:00}.123Z ERROR id={Guid.NewGuid():N}"));

        // Act
        var count = TokenCounter.O200k.Count(text);

        // Assert
        Assert.True(count > text.Length / 4 * 1.2, $"{count} tokens for {text.Length} chars");
    }

    [Fact]
    public void Truncate_LongText_KeepsAPrefixOfAtMostTheTokens()
    {
        // Arrange
        var text = string.Concat(Enumerable.Repeat("connection refused by db-primary; ", 200));

        // Act
        var cut = TokenCounter.O200k.Truncate(text, 100);

        // Assert
        Assert.StartsWith(cut, text, StringComparison.Ordinal);
        Assert.InRange(TokenCounter.O200k.Count(cut), 95, 100);
        Assert.Equal("short", TokenCounter.O200k.Truncate("short", 100));
        Assert.Equal(string.Empty, TokenCounter.O200k.Truncate(text, 0));
    }
}
