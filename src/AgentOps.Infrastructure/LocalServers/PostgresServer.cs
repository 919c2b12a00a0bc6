using Npgsql;

namespace AgentOps.Infrastructure.LocalServers;

/// <summary>
/// A throwaway PostgreSQL cluster from the Debian packages, started on a free loopback port in a temporary
/// folder owned by the <c>postgres</c> user (PostgreSQL refuses to run as root), for drills and tests.
/// Dispose stops it and deletes the folder.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";
    private readonly string _binDirectory;
    private readonly string _dataDirectory;
    private readonly string _root;
    private readonly bool _asPostgresUser;

    private PostgresServer(string binDirectory, string root, int port, bool asPostgresUser)
    {
        _binDirectory = binDirectory;
        _root = root;
        _dataDirectory = Path.Combine(root, "data");
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Superuser connection string to the <c>postgres</c> database.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    /// <summary>Superuser connection string to <paramref name="database"/>.</summary>
    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=15;Include Error Detail=true";

    /// <summary>Whether the PostgreSQL server binaries are installed.</summary>
    public static bool IsInstalled(string binDirectory = DefaultBinDirectory) => File.Exists(Path.Combine(binDirectory, "initdb"));

    /// <summary>Initialises and starts a new cluster.</summary>
    /// <param name="settings">Extra <c>postgresql.conf</c> settings, e.g. <c>max_connections=20</c>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed or did not start; the message says why.</exception>
    public static async Task<PostgresServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default)
    {
        var binDirectory = Environment.GetEnvironmentVariable("AGENTOPS_PG_BIN") ?? DefaultBinDirectory;
        if (!IsInstalled(binDirectory))
        {
            throw new InvalidOperationException(
                $"PostgreSQL server binaries not found in {binDirectory}: install them with 'apt-get install -y postgresql' (or set AGENTOPS_PG_BIN).");
        }

        var root = Path.Combine(Path.GetTempPath(), $"agentops-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var asPostgresUser = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
        var server = new PostgresServer(binDirectory, root, FreePort.Next(), asPostgresUser);
        try
        {
            await server.InitAndStartAsync(settings ?? new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates a database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", string.Empty, StringComparison.Ordinal)}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(_dataDirectory, "postmaster.pid")))
            {
                await RunAsync("pg_ctl", ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped or never started: the folder is removed below either way.
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task InitAndStartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        if (_asPostgresUser)
        {
            await ProcessRunner.RunAsync("chown", ["-R", "postgres:postgres", _root], cancellationToken).ConfigureAwait(false);
        }

        await RunAsync("initdb", ["-D", _dataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"], cancellationToken).ConfigureAwait(false);
        var options = new List<string>
        {
            $"-p {Port}",
            "-c listen_addresses=127.0.0.1",
            $"-c unix_socket_directories={_root}",
            "-c fsync=off",
        };
        options.AddRange(settings.Select(kv => $"-c {kv.Key}={kv.Value}"));
        await RunAsync(
            "pg_ctl",
            ["-D", _dataDirectory, "-l", Path.Combine(_root, "server.log"), "-o", string.Join(' ', options), "-w", "-t", "60", "start"],
            cancellationToken).ConfigureAwait(false);
        await FreePort.WaitForListenerAsync(Port, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
    }

    private Task<string> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _asPostgresUser
            ? ProcessRunner.RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments], cancellationToken)
            : ProcessRunner.RunAsync(path, arguments, cancellationToken);
    }
}
