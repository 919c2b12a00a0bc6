using AgentOps.Core.Diagnostics.Logs;

namespace AgentOps.Core.Tests.Diagnostics.Logs;

public class LogTokenTableTests
{
    [Fact]
    public void Find_KeyNeverAdded_ReturnsMinusOne()
    {
        // Arrange
        var table = new LogTokenTable();
        table.Add("INFO", 0);

        // Act
        var found = table.Find("INF");

        // Assert
        Assert.Equal(-1, found);
    }

    [Fact]
    public void Find_KeysOfEveryShortLength_EachFindsItsOwnValue()
    {
        // Arrange: lengths 0 to 20 hit every branch of the hash (empty, one character, 2-3 characters, overlapping
        // tail); keys differing only in their last character or by a prefix must stay apart.
        var table = new LogTokenTable();
        var keys = new List<string>();
        for (var length = 0; length <= 20; length++)
        {
            keys.Add(new string('a', length));
            if (length > 0)
            {
                keys.Add(new string('a', length - 1) + "b");
            }
        }

        for (var i = 0; i < keys.Count; i++)
        {
            table.Add(keys[i], i);
        }

        // Act
        var found = keys.Select(k => table.Find(k)).ToList();

        // Assert
        Assert.Equal(Enumerable.Range(0, keys.Count), found);
        Assert.Equal(keys.Count, table.Count);
    }

    [Fact]
    public void Add_ManyLongKeys_AllFoundAfterTheTableAndItsCharactersGrow()
    {
        // Arrange: more keys than the initial 1,024 slots hold and more characters than the initial buffer.
        var table = new LogTokenTable();
        var keys = Enumerable.Range(0, 5_000).Select(i => $"token-{i}-{new string('x', i % 40)}").ToList();

        // Act
        for (var i = 0; i < keys.Count; i++)
        {
            table.Add(keys[i], i);
        }

        // Assert
        for (var i = 0; i < keys.Count; i++)
        {
            Assert.Equal(i, table.Find(keys[i].AsSpan()));
        }

        Assert.Equal(-1, table.Find("token-5000-"));
    }
}
