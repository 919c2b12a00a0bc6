using AgentOps.Core.Diagnostics.Logs;

namespace AgentOps.Core.Tests.Diagnostics.Logs;

public class LogTemplateMinerTests
{
    [Fact]
    public void Add_LinesDifferingByVariables_ShareOneTemplate()
    {
        // Arrange
        var miner = new LogTemplateMiner();

        // Act
        var a = miner.Add("2024-03-05 10:00:01 INFO conn.Pool: connection 17 opened to 10.0.0.5:5432");
        var b = miner.Add("2024-03-05 10:00:02 INFO conn.Pool: connection 18 opened to 10.0.0.6:5432");
        var c = miner.Add("2024-03-05 10:00:03 INFO conn.Pool: connection 19 opened to db.internal");

        // Assert
        Assert.Equal(miner.TemplateIdOf(a), miner.TemplateIdOf(b));
        Assert.Equal(miner.TemplateIdOf(a), miner.TemplateIdOf(c));
        var template = Assert.Single(miner.GetTemplates());
        Assert.Equal("connection <*> opened to <*>", template.Text);
        Assert.Equal(3, template.Count);
    }

    [Fact]
    public void Add_DifferentMessages_KeepsSeparateTemplates()
    {
        // Arrange
        var miner = new LogTemplateMiner();

        // Act
        var opened = miner.Add("INFO session opened for user alice");
        var closed = miner.Add("INFO cache flushed after 30 seconds");
        var refused = miner.Add("ERROR payment refused: card expired");

        // Assert
        Assert.Equal(3, new[] { opened, closed, refused }.Select(miner.TemplateIdOf).Distinct().Count());
        Assert.Equal(3, miner.GetTemplates().Count);
    }

    [Fact]
    public void Add_SameLengthButMostWordsDiffer_DoesNotMerge()
    {
        // Arrange
        var miner = new LogTemplateMiner();

        // Act
        var a = miner.Add("Received disconnect from 10.0.0.1: 11: Bye Bye [preauth]");
        var b = miner.Add("Received disconnect from 10.0.0.2: 11: disconnected by user");

        // Assert
        Assert.NotEqual(miner.TemplateIdOf(a), miner.TemplateIdOf(b));
    }

    [Fact]
    public void TemplateIdOf_MergedPositionWithFewWords_SplitsTemplate()
    {
        // Arrange
        var miner = new LogTemplateMiner();
        var bytes = Enumerable.Range(0, 5).Select(i => miner.Add($"Block b{i} stored as bytes in memory")).ToList();
        var values = Enumerable.Range(0, 5).Select(i => miner.Add($"Block b{i} stored as values in memory")).ToList();

        // Act
        var bytesIds = bytes.Select(miner.TemplateIdOf).Distinct().ToList();
        var valuesIds = values.Select(miner.TemplateIdOf).Distinct().ToList();

        // Assert
        Assert.Single(bytesIds);
        Assert.Single(valuesIds);
        Assert.NotEqual(bytesIds[0], valuesIds[0]);
        Assert.Equal("Block b<*> stored as bytes in memory", miner.TemplateText(bytesIds[0]));
    }

    [Fact]
    public void TemplateIdOf_MergedPositionWithManyWords_StaysOneTemplate()
    {
        // Arrange
        var miner = new LogTemplateMiner();
        var users = new[] { "alice", "bob", "carol", "dave", "erin" };

        // Act
        var clusters = users.Select(u => miner.Add($"Invalid user {u} from 10.0.0.1")).ToList();
        var ids = clusters.Select(miner.TemplateIdOf).Distinct().ToList();

        // Assert
        Assert.Equal("Invalid user <*> from <*>", miner.TemplateText(Assert.Single(ids)));
    }

    [Fact]
    public void Add_ListsOfValuesOfAnyLength_ShareOneTemplate()
    {
        // Arrange
        var miner = new LogTemplateMiner();

        // Act
        var one = miner.Add("ask 10.0.0.1:50010 to delete blk_-11");
        var three = miner.Add("ask 10.0.0.2:50010 to delete blk_12 blk_-13 blk_14");

        // Assert
        Assert.Equal(miner.TemplateIdOf(one), miner.TemplateIdOf(three));
        Assert.Equal("ask <*> to delete blk_<*>", miner.TemplateText(miner.TemplateIdOf(one)));
    }

    [Fact]
    public void Add_SizesWithDifferentUnits_ShareOneTemplate()
    {
        // Arrange
        var miner = new LogTemplateMiner();

        // Act
        var kb = miner.Add("cached (size 5.2 KB, free 317.1 KB)");
        var b = miner.Add("cached (size 93.0 B, free 12.0 KB)");

        // Assert
        Assert.Equal(miner.TemplateIdOf(kb), miner.TemplateIdOf(b));
    }

    [Fact]
    public void Add_PastMaxClusters_UnmatchedLinesShareCatchAllTemplates()
    {
        // Arrange
        var miner = new LogTemplateMiner(new LogTemplateMinerOptions { MaxClusters = 2 });
        var words = new[] { "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel" };

        // Act
        var clusters = words.Select(w => miner.Add($"{w} {w}{w} {w}x")).ToList();

        // Assert
        Assert.True(miner.ClusterCount <= 3, $"{miner.ClusterCount} clusters");
        Assert.Equal(8, miner.GetTemplates().Sum(t => t.Count));
        Assert.Contains(miner.GetTemplates(), t => t.Text == "<*> <*> <*>");
    }

    [Fact]
    public void GetTemplates_TracksLevelsTimesAndBurst()
    {
        // Arrange
        var miner = new LogTemplateMiner(new LogTemplateMinerOptions { BurstWindow = TimeSpan.FromMinutes(1) });
        miner.Add("2024-03-05 10:00:01 ERROR api.Gateway: upstream 503 from payments");
        miner.Add("2024-03-05 10:05:01 ERROR api.Gateway: upstream 503 from payments");
        miner.Add("2024-03-05 10:05:20 ERROR api.Gateway: upstream 502 from payments");
        miner.Add("2024-03-05 10:05:40 WARN api.Gateway: upstream 504 from payments");

        // Act
        var template = Assert.Single(miner.GetTemplates());

        // Assert
        Assert.Equal("upstream <*> from payments", template.Text);
        Assert.Equal(4, template.Count);
        Assert.Equal(3, template.ErrorCount);
        Assert.Equal(1, template.WarningCount);
        Assert.Equal(LogSeverity.Error, template.Severity);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 10, 0, 1, TimeSpan.Zero), template.FirstSeen);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 10, 5, 40, TimeSpan.Zero), template.LastSeen);
        Assert.Equal(new LogBurst(new DateTimeOffset(2024, 3, 5, 10, 5, 0, TimeSpan.Zero), TimeSpan.FromMinutes(1), 3), template.PeakBurst);
    }

    [Fact]
    public void GetTemplates_NoTimestamps_LeavesTimesEmpty()
    {
        // Arrange
        var miner = new LogTemplateMiner();
        miner.Add("worker 3 started");

        // Act
        var template = Assert.Single(miner.GetTemplates());

        // Assert
        Assert.Null(template.FirstSeen);
        Assert.Null(template.PeakBurst);
        Assert.Equal("worker 3 started", template.Sample);
    }

    [Fact]
    public void GetTemplates_OrdersByCountDescending()
    {
        // Arrange
        var miner = new LogTemplateMiner();
        miner.Add("job done in 3 ms");
        miner.Add("queue is full");
        miner.Add("queue is full");

        // Act
        var templates = miner.GetTemplates();

        // Assert
        Assert.Equal(["queue is full", "job done in <*>"], templates.Select(t => t.Text));
    }

    [Fact]
    public void TemplateIdOf_UnknownCluster_Throws()
    {
        // Arrange
        var miner = new LogTemplateMiner();
        miner.Add("one line");

        // Act / Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => miner.TemplateIdOf(5));
    }

    [Fact]
    public void Add_EmptyLine_GetsItsOwnTemplate()
    {
        // Arrange
        var miner = new LogTemplateMiner();

        // Act
        var empty = miner.Add(string.Empty);
        var text = miner.Add("some text");

        // Assert
        Assert.NotEqual(miner.TemplateIdOf(empty), miner.TemplateIdOf(text));
        Assert.Equal(string.Empty, miner.TemplateText(miner.TemplateIdOf(empty)));
    }

    [Theory]
    [InlineData("[deadbeefcafe]")]
    [InlineData("(Jun)")]
    [InlineData("Mon,")]
    [InlineData("deadbeef")]
    [InlineData("[abc]")]
    [InlineData("'quoted'")]
    [InlineData("[]")]
    [InlineData("plainword")]
    [InlineData("bad\u00a0beef0")]
    public void Add_TokenWithoutDigitsOrSeparators_IsMaskedExactlyAsTheClassifierMasksIt(string token)
    {
        // Arrange: regression guard for the miner's fast path, which skips the classifier for such tokens.
        var miner = new LogTemplateMiner();

        // Act
        miner.Add($"event {token} seen");

        // Assert
        var expected = string.Join(' ', $"event {token} seen".Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(LogTokenClassifier.Mask));
        Assert.Equal(expected, Assert.Single(miner.GetTemplates()).Text);
    }
}
