using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>
/// Streams the lines of a log file, a <c>.gz</c> file or every file of a folder (recursively, in name order) without
/// loading them in memory. Binary files (a NUL byte or mostly control characters in the first
/// <see cref="LogsOptions.BinarySniffBytes"/>) are not read and are reported instead.
/// </summary>
public sealed class LogFileReader(IOptions<LogsOptions> options)
{
    private readonly LogsOptions _options = options.Value;

    /// <summary>Lists the files behind <paramref name="path"/>: the file itself, or the files of the folder.</summary>
    /// <param name="path">A file or a folder.</param>
    /// <exception cref="FileNotFoundException">When nothing exists at <paramref name="path"/>.</exception>
    public IReadOnlyList<string> ListFiles(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path))
        {
            return [Path.GetFullPath(path)];
        }

        if (Directory.Exists(path))
        {
            return [.. Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Select(Path.GetFullPath).Order(StringComparer.Ordinal)];
        }

        throw new FileNotFoundException($"No file or folder at '{path}'.", path);
    }

    /// <summary>Tells whether a file looks binary (gzip files are judged on their decompressed start).</summary>
    /// <param name="file">Path of a file.</param>
    /// <exception cref="IOException">When the file cannot be read.</exception>
    public bool IsBinary(string file)
    {
        using var stream = Open(file);
        var buffer = new byte[_options.BinarySniffBytes];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var control = 0;
        for (var i = 0; i < read; i++)
        {
            var b = buffer[i];
            if (b == 0)
            {
                return true;
            }

            if (b < 0x20 && b is not (byte)'\n' and not (byte)'\r' and not (byte)'\t' and not 0x1b and not 0x0c)
            {
                control++;
            }
        }

        return read > 0 && control * 10 > read;
    }

    /// <summary>Reads the lines of one text file (UTF-8, BOM honoured), cutting lines longer than
    /// <see cref="LogsOptions.MaxLineLength"/>.</summary>
    /// <param name="file">Path of a text or <c>.gz</c> file.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <exception cref="IOException">When the file cannot be read.</exception>
    public async IAsyncEnumerable<string> ReadLinesAsync(string file, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = Open(file);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var max = _options.MaxLineLength;
        var builder = new StringBuilder();
        var buffer = new char[1 << 16];
        int read;
        var pendingCr = false;
        while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (c != '\n' && c != '\r')
                {
                    continue;
                }

                if (c == '\n' && pendingCr && i == start && builder.Length == 0)
                {
                    pendingCr = false;
                    start = i + 1;
                    continue;
                }

                Append(builder, buffer.AsSpan(start, i - start), max);
                yield return builder.ToString();
                builder.Clear();
                pendingCr = c == '\r';
                start = i + 1;
                if (pendingCr && i + 1 < read && buffer[i + 1] == '\n')
                {
                    i++;
                    start = i + 1;
                    pendingCr = false;
                }
            }

            Append(builder, buffer.AsSpan(start, read - start), max);
            if (read - start > 0)
            {
                pendingCr = false;
            }
        }

        if (builder.Length > 0)
        {
            yield return builder.ToString();
        }
    }

    /// <summary>Reads the lines of an in-memory text (an email attachment), cut like the lines of a file.</summary>
    /// <param name="text">The text.</param>
    public IEnumerable<string> ReadLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            yield return line.Length > _options.MaxLineLength ? line[.._options.MaxLineLength] : line;
        }
    }

    private static void Append(StringBuilder builder, ReadOnlySpan<char> chars, int max)
    {
        var room = max - builder.Length;
        if (room > 0)
        {
            builder.Append(chars.Length > room ? chars[..room] : chars);
        }
    }

    private static Stream Open(string file)
    {
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
        return file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }
}
