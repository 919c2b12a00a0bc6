using System.IO.Compression;
using System.Text;
using AgentOps.Infrastructure.Tools.Logs;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Tests.Tools.Logs;

public sealed class LogFileReaderTests : IDisposable
{
    private readonly TempLogFolder _folder = new();
    private readonly LogFileReader _reader = new(Options.Create(new LogsOptions { MaxLineLength = 300 }));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ReadLinesAsync_MixedLineEndings_SplitsEveryLine()
    {
        // Arrange
        var file = _folder.Write("app.log", "one\r\ntwo\nthree\rfour\n\nsix");

        // Act
        var lines = await ToListAsync(_reader.ReadLinesAsync(file));

        // Assert
        Assert.Equal(["one", "two", "three", "four", string.Empty, "six"], lines);
    }

    [Fact]
    public async Task ReadLinesAsync_LineLongerThanLimit_IsCut()
    {
        // Arrange
        var file = _folder.Write("long.log", new string('x', 100_000) + "\nnext\n");

        // Act
        var lines = await ToListAsync(_reader.ReadLinesAsync(file));

        // Assert
        Assert.Equal(300, lines[0].Length);
        Assert.Equal("next", lines[1]);
    }

    [Fact]
    public async Task ReadLinesAsync_GzipFile_IsDecompressed()
    {
        // Arrange
        var file = Path.Combine(_folder.Path, "old.log.gz");
        await using (var gzip = new GZipStream(File.Create(file), CompressionLevel.Fastest))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("alpha\nbeta\n"));
        }

        // Act
        var lines = await ToListAsync(_reader.ReadLinesAsync(file));

        // Assert
        Assert.Equal(["alpha", "beta"], lines);
        Assert.False(_reader.IsBinary(file));
    }

    [Fact]
    public async Task ReadLinesAsync_FedToCsvWriter_WritesOneRowPerLine()
    {
        // Arrange
        var file = _folder.Write("app.log", "2024-03-05 10:00:00 INFO job 1 done\n2024-03-05 10:00:01 INFO job 2 done\n");
        var output = new StringWriter { NewLine = "\n" };

        // Act
        await AgentOps.Core.Diagnostics.Logs.LogPaiCsvWriter.WriteAsync(_reader.ReadLinesAsync(file), output);

        // Assert
        Assert.Equal("LineId,EventId,EventTemplate\n1,E1,job <*> done\n2,E1,job <*> done\n", output.ToString());
    }

    [Fact]
    public void IsBinary_FileWithNulBytes_IsTrue()
    {
        // Arrange
        var file = _folder.WriteBytes("core.dump", [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x10]);
        var text = _folder.Write("app.log", "2024-03-05 10:00:00 INFO ok\n");

        // Act / Assert
        Assert.True(_reader.IsBinary(file));
        Assert.False(_reader.IsBinary(text));
    }

    [Fact]
    public void ListFiles_Folder_ListsFilesRecursivelyInOrder()
    {
        // Arrange
        _folder.Write("b.log", "x");
        _folder.Write("a/c.log", "y");

        // Act
        var files = _reader.ListFiles(_folder.Path);

        // Assert
        Assert.Equal([Path.Combine(_folder.Path, "a", "c.log"), Path.Combine(_folder.Path, "b.log")], files);
    }

    [Fact]
    public void ListFiles_MissingPath_ThrowsFileNotFound()
    {
        // Act / Assert
        Assert.Throws<FileNotFoundException>(() => _reader.ListFiles(Path.Combine(_folder.Path, "nope")));
    }

    private static async Task<List<string>> ToListAsync(IAsyncEnumerable<string> lines)
    {
        var list = new List<string>();
        await foreach (var line in lines)
        {
            list.Add(line);
        }

        return list;
    }
}
