using System.Text;
using AgentOps.Core.PostMortem;

namespace AgentOps.Infrastructure.PostMortem;

/// <summary>Writes incident documents under <see cref="PostMortemOptions.OutputFolder"/> (relative to the working directory), atomically.</summary>
public sealed class FileIncidentDocumentWriter : IIncidentDocumentWriter
{
    private readonly PostMortemOptions _options;

    /// <summary>Creates the writer.</summary>
    public FileIncidentDocumentWriter(PostMortemOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="relativePath"/> leaves the output folder.</exception>
    public async Task<string> WriteAsync(string relativePath, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var root = Path.GetFullPath(_options.OutputFolder, Directory.GetCurrentDirectory());
        var path = Path.GetFullPath(Path.Combine(root, relativePath));
        if (!path.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{relativePath}' is outside {root}.", nameof(relativePath));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, content, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
