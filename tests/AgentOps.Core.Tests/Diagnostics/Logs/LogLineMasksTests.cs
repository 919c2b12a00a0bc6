using AgentOps.Core.Diagnostics.Logs;

namespace AgentOps.Core.Tests.Diagnostics.Logs;

public class LogLineMasksTests
{
    [Fact]
    public void Fill_EveryCharacter_AgreesWithCharIsWhiteSpaceAndTheVariableCharacters()
    {
        // Arrange: every UTF-16 code unit, at every offset inside a 16-character vector and in the scalar tail.
        var text = new string([.. Enumerable.Range(0, 0x10000).Select(c => (char)c)]) + " \u2003x=1\t";
        var blank = new ulong[LogLineMasks.WordsFor(text.Length)];
        var variable = new ulong[blank.Length];

        // Act
        LogLineMasks.Fill(text, blank, variable);

        // Assert
        for (var i = 0; i < text.Length; i++)
        {
            var isBlank = (blank[i >> 6] >> (i & 63) & 1) == 1;
            var isVariable = (variable[i >> 6] >> (i & 63) & 1) == 1;
            Assert.True(char.IsWhiteSpace(text[i]) == isBlank, $"U+{(int)text[i]:X4} blank");
            Assert.True("0123456789=:/\\.~".Contains(text[i], StringComparison.Ordinal) == isVariable, $"U+{(int)text[i]:X4} variable");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("one")]
    [InlineData("  081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating  ")]
    [InlineData("a\u00a0b\u2028c\td  e\r\nf")]
    public void NextClearAndNextSet_SplitLikeStringSplit(string text)
    {
        // Arrange: long enough to cross several 64-bit words.
        var line = string.Concat(Enumerable.Repeat(text, 5));
        var blank = new ulong[LogLineMasks.WordsFor(line.Length) + 1];
        LogLineMasks.Fill(line, blank, new ulong[blank.Length]);
        var tokens = new List<string>();

        // Act
        for (var i = LogLineMasks.NextClear(blank, 0, line.Length); i < line.Length; i = LogLineMasks.NextClear(blank, i, line.Length))
        {
            var end = LogLineMasks.NextSet(blank, i, line.Length);
            tokens.Add(line[i..end]);
            i = end;
        }

        // Assert
        Assert.Equal(line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries), tokens);
    }

    [Fact]
    public void Fill_EveryLengthAndTail_AgreesWithCharIsWhiteSpace()
    {
        // Arrange: lines of 0 to 80 characters, so that the tail after the last whole vector has every length, with a
        // non-ASCII space and a digit moving through it.
        for (var length = 0; length <= 80; length++)
        {
            for (var at = 0; at < length; at++)
            {
                var chars = Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))).ToArray();
                chars[at] = '\u2003';
                chars[length - 1 - at] = chars[length - 1 - at] == '\u2003' ? '\u2003' : '7';
                var line = new string(chars);
                var blank = new ulong[LogLineMasks.WordsFor(length) + 1];
                var variable = new ulong[blank.Length];

                // Act
                LogLineMasks.Fill(line, blank, variable);

                // Assert
                for (var i = 0; i < blank.Length * 64; i++)
                {
                    var expectedBlank = i < length && char.IsWhiteSpace(line[i]);
                    var expectedVariable = i < length && char.IsAsciiDigit(line[i]);
                    Assert.True(expectedBlank == ((blank[i >> 6] >> (i & 63) & 1) == 1), $"length {length}, blank bit {i}");
                    Assert.True(expectedVariable == ((variable[i >> 6] >> (i & 63) & 1) == 1), $"length {length}, variable bit {i}");
                }
            }
        }
    }
}
