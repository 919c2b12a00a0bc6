using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Triage;

namespace AgentOps.Infrastructure.Tests.Triage;

public sealed class CsvTableTests
{
    [Fact]
    public void Parse_QuotedMultiLineFieldsAndDoubledQuotes_KeepsThemInOneField()
    {
        // Arrange
        var text = "\uFEFFsubject,body,priority\r\n"
            + "\"Paiements, bloqués\",\"Ligne 1\r\nLigne 2 avec \"\"guillemets\"\"\",high\r\n"
            + "Plain,no quotes,low\n";

        // Act
        var table = CsvTable.Parse(text);

        // Assert
        Assert.Equal(["subject", "body", "priority"], table.Headers);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("Paiements, bloqués", table.Rows[0][0]);
        Assert.Equal("Ligne 1\r\nLigne 2 avec \"guillemets\"", table.Rows[0][1]);
        Assert.Equal("high", table.Rows[0][2]);
        Assert.Equal(["Plain", "no quotes", "low"], table.Rows[1]);
    }

    [Fact]
    public void Parse_NoTrailingNewlineAndShortRow_PadsMissingFields()
    {
        // Act
        var table = CsvTable.Parse("a,b,c\n1,2");

        // Assert
        Assert.Equal(["1", "2", string.Empty], table.Rows[0]);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("a,b\n\"never closed,1\n", "line 2: a quoted field is never closed")]
    [InlineData("a,b\n1,2,3\n", "line 2: 3 fields but the header has 2 columns")]
    public void Parse_BadInput_ThrowsUserMessage(string text, string message)
    {
        // Act
        var error = Assert.Throws<TriageDataException>(() => CsvTable.Parse(text, "t.csv"));

        // Assert
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("t.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ColumnIndex_MissingColumn_ListsTheColumns()
    {
        // Arrange
        var table = CsvTable.Parse("subject,body\nx,y\n");

        // Act
        var error = Assert.Throws<TriageDataException>(() => table.ColumnIndex("priority"));

        // Assert
        Assert.Equal("Column 'priority' not found; the columns are: subject, body.", error.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsUserMessage()
    {
        // Act
        var error = Assert.Throws<TriageDataException>(() => CsvTable.Load("/nonexistent/tickets.csv"));

        // Assert
        Assert.Equal("/nonexistent/tickets.csv: file not found.", error.Message);
    }
}
