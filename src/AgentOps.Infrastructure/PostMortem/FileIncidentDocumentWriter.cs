using System.Text;
using AgentOps.Core.PostMortem;
using Microsoft.Extensions.Hosting;

namespace AgentOps.Infrastructure.PostMortem;

/// <summary>
/// Writes incident documents under <see cref="PostMortemOptions.OutputFolder"/>, atomically. A relative folder is
/// resolved against the host's content root (the folder <c>agentops</c> runs in), or the process's current directory
/// when there is no host.
/// </summary>
public sealed class FileIncidentDocumentWriter : IIncidentDocumentWriter
{
    private readonly PostMortemOptions _options;
    private readonly string? _contentRoot;

    /// <summary>Creates the writer.</summary>
    /// <param name="options">Where to write.</param>
    /// <param name="environment">The host, whose content root a relative <see cref="PostMortemOptions.OutputFolder"/> is under.</param>
    public FileIncidentDocumentWriter(PostMortemOptions options, IHostEnvironment? environment = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _contentRoot = environment?.ContentRootPath;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="relativePath"/> leaves the output folder.</exception>
    public async Task<string> WriteAsync(string relativePath, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var root = Path.GetFullPath(_options.OutputFolder, _contentRoot ?? Directory.GetCurrentDirectory());
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
