using System.Globalization;

namespace AgentOps.Infrastructure.Mail;

/// <summary>
/// One node's claims on a drop folder. A file is claimed by renaming it from the inbox into
/// <c>&lt;inbox&gt;/&lt;ClaimFolder&gt;/&lt;node&gt;/</c>: a rename is atomic on one file system, so of two nodes renaming the same
/// file one wins and the other finds it gone. The node touches its <c>.lease</c> file there while it works; the files of
/// a node whose lease is older than the claim timeout are renamed into the folder of the next node that looks, which
/// then processes them.
/// </summary>
internal sealed class DropFolderClaims
{
    /// <summary>The lease file in a node's claim folder; its last write time is the node's last sign of life.</summary>
    public const string LeaseFileName = ".lease";

    private readonly string _inbox;
    private readonly string _root;
    private readonly string _lease;
    private readonly string _nodeId;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    public DropFolderClaims(string inbox, string claimFolder, string nodeId, TimeSpan timeout, TimeProvider time)
    {
        _inbox = inbox;
        _root = Path.Combine(inbox, claimFolder);
        Folder = Path.Combine(_root, nodeId);
        _lease = Path.Combine(Folder, LeaseFileName);
        _nodeId = nodeId;
        _timeout = timeout;
        _time = time;
    }

    /// <summary>This node's claim folder.</summary>
    public string Folder { get; }

    /// <summary>Creates this node's claim folder when missing and touches its lease.</summary>
    /// <exception cref="IOException">The folder or the lease cannot be written.</exception>
    public void Renew()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.CreateDirectory(Folder);
                if (!File.Exists(_lease))
                {
                    File.WriteAllText(_lease, string.Create(CultureInfo.InvariantCulture, $"{_nodeId} {Environment.MachineName} pid {Environment.ProcessId}{Environment.NewLine}"));
                }

                File.SetLastWriteTimeUtc(_lease, _time.GetUtcNow().UtcDateTime);
                return;
            }
            catch (IOException) when (attempt < 3)
            {
                // Another node removed the folder as stale between two calls: make it again.
            }
        }
    }

    /// <summary>Files this node claimed and has not settled: a retry, or what a crash of this node left.</summary>
    public IEnumerable<Claim> Leftovers() =>
        Directory.Exists(Folder)
            ? Directory.EnumerateFiles(Folder, "*.eml").Order(StringComparer.Ordinal).Select(p => new Claim(p, Path.GetFileName(p))).ToList()
            : [];

    /// <summary>Claims <paramref name="path"/>, a file of the inbox.</summary>
    /// <returns>The claim, or null when another node took the file first.</returns>
    /// <exception cref="IOException">The file exists but cannot be renamed.</exception>
    public Claim? TryClaim(string path)
    {
        var name = Path.GetFileName(path);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Only this node writes into its folder and FreeName picked a name not there: overwrite makes it one rename(2).
                var target = FreeName(name);
                File.Move(path, target, overwrite: true);
                return new Claim(target, name);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                if (!File.Exists(path))
                {
                    return null;
                }

                if (attempt == 2)
                {
                    throw;
                }

                // The file is still there: this node's folder was removed (its lease looked stale to another node).
                Renew();
            }
        }
    }

    /// <summary>
    /// Takes over the claims of every other node whose lease ran out (renamed into this node's folder, so that two nodes
    /// taking over at once share them without overlap) and removes those nodes' emptied folders.
    /// </summary>
    /// <returns>The claims taken, each with the node it came from.</returns>
    public IReadOnlyList<(Claim Claim, string From)> TakeOverStale()
    {
        var taken = new List<(Claim, string)>();
        if (!Directory.Exists(_root))
        {
            return taken;
        }

        foreach (var node in Directory.GetDirectories(_root).Order(StringComparer.Ordinal))
        {
            var from = Path.GetFileName(node);
            if (string.Equals(from, _nodeId, StringComparison.Ordinal) || !IsStale(node))
            {
                continue;
            }

            try
            {
                foreach (var file in Directory.GetFiles(node, "*.eml").Order(StringComparer.Ordinal))
                {
                    if (!IsStale(node))
                    {
                        break;
                    }

                    var name = Path.GetFileName(file);
                    try
                    {
                        var target = FreeName(name);
                        File.Move(file, target, overwrite: true);
                        taken.Add((new Claim(target, name), from));
                    }
                    catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
                    {
                        // Another node took it over first.
                    }
                }

                if (IsStale(node))
                {
                    File.Delete(Path.Combine(node, LeaseFileName));
                    Directory.Delete(node);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Removed by another node meanwhile, or not empty (the node came back, or left other files): left as it is.
            }
        }

        return taken;
    }

    /// <summary>Puts a claimed file back in the inbox under its name, unless a file of that name arrived meanwhile.</summary>
    /// <returns>False when the file stays claimed.</returns>
    public bool Release(Claim claim)
    {
        var target = Path.Combine(_inbox, claim.Name);
        try
        {
            if (File.Exists(target))
            {
                return false;
            }

            File.Move(claim.Path, target);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Removes this node's claim folder when it holds no claim (an idle node leaves nothing behind).</summary>
    public void RemoveIfEmpty()
    {
        try
        {
            if (Directory.Exists(Folder) && !Directory.EnumerateFiles(Folder, "*.eml").Any())
            {
                File.Delete(_lease);
                Directory.Delete(Folder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Something else is in it: kept, and taken over or removed once its lease is stale.
        }
    }

    private bool IsStale(string node) =>
        File.GetLastWriteTimeUtc(Path.Combine(node, LeaseFileName)) + _timeout <= _time.GetUtcNow().UtcDateTime;

    private string FreeName(string name)
    {
        var target = Path.Combine(Folder, name);
        var stem = Path.GetFileNameWithoutExtension(name);
        var extension = Path.GetExtension(name);
        for (var i = 1; File.Exists(target); i++)
        {
            target = Path.Combine(Folder, string.Create(CultureInfo.InvariantCulture, $"{stem}-{i}{extension}"));
        }

        return target;
    }

    /// <summary>A claimed file: where it is now, and the name it had in the inbox.</summary>
    internal readonly record struct Claim(string Path, string Name);
}
