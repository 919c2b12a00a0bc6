using System.Globalization;

namespace AgentOps.Infrastructure.LocalServers;

/// <summary>
/// A throwaway <c>redis-server</c> (Debian package <c>redis-server</c>) on a free loopback port, without persistence,
/// for drills and tests. Dispose stops it and deletes its folder.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string Binary = "/usr/bin/redis-server";
    private readonly BackgroundProcess _process;
    private readonly string _root;

    private RedisServer(BackgroundProcess process, string root, int port)
    {
        _process = process;
        _root = root;
        Port = port;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts a server.</summary>
    /// <param name="settings">Extra settings passed as <c>--name value</c>, e.g. <c>maxclients=20</c>, <c>maxmemory=1mb</c>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="InvalidOperationException">redis-server is not installed or did not start; the message says why.</exception>
    public static async Task<RedisServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default)
    {
        var root = Path.Combine(Path.GetTempPath(), $"agentops-redis-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var port = FreePort.Next();
        var arguments = new List<string>
        {
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", root,
            "--save", string.Empty, "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            arguments.Add($"--{name}");
            arguments.Add(value);
        }

        BackgroundProcess? process = null;
        try
        {
            process = BackgroundProcess.Start(Binary, arguments, "redis-server");
            var server = new RedisServer(process, root, port);
            try
            {
                await FreePort.WaitForListenerAsync(port, TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException ex)
            {
                var output = process.Output;
                await server.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"redis-server did not start on port {port}: {output}", ex);
            }

            return server;
        }
        catch (InvalidOperationException) when (process is null)
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
