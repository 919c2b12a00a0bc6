using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace AgentOps.Infrastructure.LocalServers;

/// <summary>
/// A throwaway Dovecot IMAP server from the Debian packages, for drills and tests: plaintext login on a free
/// 127.0.0.1 port (no TLS, loopback only), one user from a passwd-file, maildir storage, everything in a temporary
/// folder. Dispose stops it and deletes the folder.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    private const string DefaultBinary = "/usr/sbin/dovecot";
    private readonly string _root;
    private readonly string _binary;
    private readonly Process _process;

    private DovecotServer(string binary, string root, int port, string username, string password, Process process)
    {
        _binary = binary;
        _root = root;
        Port = port;
        Username = username;
        Password = password;
        _process = process;
    }

    /// <summary>The loopback port the IMAP listener uses.</summary>
    public int Port { get; }

    /// <summary>The only user.</summary>
    public string Username { get; }

    /// <summary>The user's password (random per server).</summary>
    public string Password { get; }

    /// <summary>The server's temporary folder (configuration, logs, maildir).</summary>
    public string Root => _root;

    /// <summary>Whether the Dovecot binary is installed.</summary>
    public static bool IsInstalled(string binary = DefaultBinary) => File.Exists(binary);

    /// <summary>Writes a minimal configuration and starts Dovecot in the foreground.</summary>
    /// <param name="username">The user to create.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="InvalidOperationException">Dovecot is not installed or did not start; the message says why.</exception>
    public static async Task<DovecotServer> StartAsync(string username = "agent", CancellationToken cancellationToken = default)
    {
        var binary = Environment.GetEnvironmentVariable("AGENTOPS_DOVECOT") ?? DefaultBinary;
        if (!IsInstalled(binary))
        {
            throw new InvalidOperationException(
                $"Dovecot not found at {binary}: install it with 'apt-get install -y dovecot-imapd' (or set AGENTOPS_DOVECOT).");
        }

        var root = Path.Combine(Path.GetTempPath(), $"agentops-dovecot-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(root, "run"));
        Directory.CreateDirectory(Path.Combine(root, "state"));
        Directory.CreateDirectory(Path.Combine(root, "mail"));
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var port = FreePort.Next();
        var isRoot = Environment.UserName == "root";
        var mailUser = isRoot ? "dovecot" : Environment.UserName;
        var loginUser = isRoot ? "dovenull" : Environment.UserName;
        await File.WriteAllTextAsync(Path.Combine(root, "users"), $"{username}:{{PLAIN}}{password}\n", cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(root, "dovecot.conf"), Config(root, port, mailUser, loginUser), cancellationToken).ConfigureAwait(false);
        if (isRoot)
        {
            // Dovecot's processes run as the unprivileged users and must reach the folder.
            await ProcessRunner.RunAsync("chmod", ["755", root], cancellationToken).ConfigureAwait(false);
            await ProcessRunner.RunAsync("chown", ["-R", $"{mailUser}:{mailUser}", Path.Combine(root, "mail")], cancellationToken).ConfigureAwait(false);
        }

        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-F", "-c", Path.Combine(root, "dovecot.conf") })
        {
            psi.ArgumentList.Add(arg);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {binary}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new DovecotServer(binary, root, port, username, password, process);
        try
        {
            await FreePort.WaitForListenerAsync(port, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch (TimeoutException ex)
        {
            var log = File.Exists(Path.Combine(root, "dovecot.log")) ? await File.ReadAllTextAsync(Path.Combine(root, "dovecot.log"), cancellationToken).ConfigureAwait(false) : "(no log)";
            await server.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"Dovecot did not listen on 127.0.0.1:{port}: {log.Trim()}", ex);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Disconnects every session of <paramref name="user"/> (default: the server's user), to exercise reconnection.</summary>
    /// <exception cref="InvalidOperationException">doveadm failed.</exception>
    public Task KickAsync(string? user = null, CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync(Path.Combine(Path.GetDirectoryName(_binary)!, "..", "bin", "doveadm"), ["-c", Path.Combine(_root, "dovecot.conf"), "kick", user ?? Username], cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
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

    private static string Config(string root, int port, string mailUser, string loginUser) => string.Create(CultureInfo.InvariantCulture, $$"""
        base_dir = {{root}}/run
        state_dir = {{root}}/state
        instance_name = agentops-{{port}}
        protocols = imap
        listen = 127.0.0.1
        ssl = no
        disable_plaintext_auth = no
        auth_mechanisms = plain login
        log_path = {{root}}/dovecot.log
        mail_location = maildir:{{root}}/mail/%u
        default_internal_user = {{mailUser}}
        default_login_user = {{loginUser}}
        first_valid_uid = 0
        mail_uid = {{mailUser}}
        mail_gid = {{mailUser}}
        mail_fsync = never
        mailbox_list_index = no
        service imap-login {
          chroot =
          inet_listener imap {
            address = 127.0.0.1
            port = {{port}}
          }
          inet_listener imaps {
            port = 0
          }
        }
        service anvil {
          chroot =
        }
        service stats {
          unix_listener stats-reader {
            mode = 0666
          }
          unix_listener stats-writer {
            mode = 0666
          }
        }
        passdb {
          driver = passwd-file
          args = scheme=PLAIN username_format=%u {{root}}/users
        }
        userdb {
          driver = static
          args = uid={{mailUser}} gid={{mailUser}} home={{root}}/mail/%u
        }
        """);
}
