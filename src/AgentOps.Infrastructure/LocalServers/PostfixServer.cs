using System.Globalization;
using MimeKit;

namespace AgentOps.Infrastructure.LocalServers;

/// <summary>
/// A throwaway Postfix MTA from the Debian package, started with its own configuration in a temporary folder and listening
/// for SMTP on a free loopback port. Every message it accepts is delivered by Postfix's <c>virtual</c> agent to one local
/// Maildir (<see cref="MaildirPath"/>), which tests read back. Postfix's master must start as root (it drops to the
/// <c>postfix</c> user); Dispose stops it and deletes the folder.
/// </summary>
public sealed class PostfixServer : IAsyncDisposable
{
    private const string PostfixBinary = "/usr/sbin/postfix";
    private readonly string _root;
    private readonly string _configDirectory;

    private PostfixServer(string root, int port)
    {
        _root = root;
        _configDirectory = Path.Combine(root, "conf");
        Port = port;
    }

    /// <summary>The loopback port Postfix's smtpd listens on.</summary>
    public int Port { get; }

    /// <summary>The Maildir every accepted message is delivered to.</summary>
    public string MaildirPath => Path.Combine(_root, "mail", "inbox");

    /// <summary>Postfix's own log (delivery status lines), useful when a test fails.</summary>
    public string LogPath => Path.Combine(_root, "maillog");

    /// <summary>Whether Postfix is installed.</summary>
    public static bool IsInstalled() => File.Exists(PostfixBinary);

    /// <summary>Writes a minimal configuration and starts Postfix.</summary>
    /// <exception cref="InvalidOperationException">Postfix is not installed, this process is not root, or Postfix did not start; the message says why.</exception>
    public static async Task<PostfixServer> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!IsInstalled())
        {
            throw new InvalidOperationException($"{PostfixBinary} not found: install it with 'apt-get install -y postfix'.");
        }

        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("Postfix's master process must be started as root (it then runs as the postfix user); run the tests as root or in the container.");
        }

        var root = Path.Combine(Path.GetTempPath(), $"agentops-postfix-{Guid.NewGuid():N}");
        var server = new PostfixServer(root, FreePort.Next());
        try
        {
            await server.ConfigureAndStartAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads every message delivered so far, oldest first.</summary>
    public async Task<IReadOnlyList<MimeMessage>> ReadMailboxAsync(CancellationToken cancellationToken = default)
    {
        var files = new[] { "new", "cur" }
            .Select(d => Path.Combine(MaildirPath, d))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .Select(f => new FileInfo(f))
            .OrderBy(f => f.LastWriteTimeUtc)
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        var messages = new List<MimeMessage>(files.Count);
        foreach (var file in files)
        {
            messages.Add(await MimeMessage.LoadAsync(file.FullName, cancellationToken).ConfigureAwait(false));
        }

        return messages;
    }

    /// <summary>Waits until the Maildir holds at least <paramref name="count"/> messages (Postfix delivers asynchronously).</summary>
    /// <exception cref="TimeoutException">Fewer messages arrived within <paramref name="timeout"/>; the message quotes the end of Postfix's log.</exception>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(int count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var messages = await ReadMailboxAsync(cancellationToken).ConfigureAwait(false);
            if (messages.Count >= count)
            {
                return messages;
            }

            if (DateTime.UtcNow > deadline)
            {
                var log = File.Exists(LogPath) ? string.Join('\n', File.ReadLines(LogPath).TakeLast(10)) : "(no log)";
                throw new TimeoutException($"Postfix delivered {messages.Count} of {count} message(s) within {timeout.TotalSeconds:0} s. Log:\n{log}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(_root, "queue", "pid", "master.pid")))
            {
                await ProcessRunner.RunAsync(PostfixBinary, ["-c", _configDirectory, "abort"], CancellationToken.None).ConfigureAwait(false);
                await WaitForStopAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Not running: the folder is removed below either way.
        }

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

    private async Task ConfigureAndStartAsync(CancellationToken cancellationToken)
    {
        foreach (var folder in new[] { "conf", "queue", "data", "mail" })
        {
            Directory.CreateDirectory(Path.Combine(_root, folder));
        }

        await ProcessRunner.RunAsync("chown", ["postfix", Path.Combine(_root, "data")], cancellationToken).ConfigureAwait(false);
        await ProcessRunner.RunAsync("chown", ["nobody:nogroup", Path.Combine(_root, "mail")], cancellationToken).ConfigureAwait(false);
        var nobody = (await ProcessRunner.RunAsync("id", ["-u", "nobody"], cancellationToken).ConfigureAwait(false)).Trim();
        var nogroup = (await ProcessRunner.RunAsync("id", ["-g", "nobody"], cancellationToken).ConfigureAwait(false)).Trim();
        await File.WriteAllTextAsync(Path.Combine(_configDirectory, "main.cf"), MainCf(nobody, nogroup), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(_configDirectory, "master.cf"), MasterCf(), cancellationToken).ConfigureAwait(false);
        await ProcessRunner.RunAsync(PostfixBinary, ["-c", _configDirectory, "check"], cancellationToken).ConfigureAwait(false);
        try
        {
            await ProcessRunner.RunAsync(PostfixBinary, ["-c", _configDirectory, "start"], cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            var log = File.Exists(LogPath) ? await File.ReadAllTextAsync(LogPath, cancellationToken).ConfigureAwait(false) : "(no log)";
            throw new InvalidOperationException($"Postfix did not start: {ex.Message}\n{log}", ex);
        }

        await FreePort.WaitForListenerAsync(Port, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitForStopAsync()
    {
        var pidFile = Path.Combine(_root, "queue", "pid", "master.pid");
        for (var i = 0; i < 50 && File.Exists(pidFile); i++)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private string MainCf(string uid, string gid) => string.Create(CultureInfo.InvariantCulture, $"""
        compatibility_level = 3.6
        queue_directory = {_root}/queue
        data_directory = {_root}/data
        command_directory = /usr/sbin
        daemon_directory = /usr/lib/postfix/sbin
        meta_directory = /etc/postfix
        shlib_directory = /usr/lib/postfix
        mail_owner = postfix
        setgid_group = postdrop
        myhostname = mail.agentops.test
        mydomain = agentops.test
        myorigin = agentops.test
        mydestination =
        inet_interfaces = 127.0.0.1
        inet_protocols = ipv4
        mynetworks = 127.0.0.0/8
        smtpd_relay_restrictions = permit_mynetworks, reject
        virtual_mailbox_domains = static:ALL
        virtual_mailbox_base = {_root}/mail
        virtual_mailbox_maps = static:inbox/
        virtual_uid_maps = static:{uid}
        virtual_gid_maps = static:{gid}
        virtual_minimum_uid = 100
        maillog_file = {_root}/maillog
        maillog_file_prefixes = {_root}
        smtputf8_enable = yes
        alias_maps =
        alias_database =
        local_recipient_maps =
        biff = no

        """);

    private string MasterCf() => string.Create(CultureInfo.InvariantCulture, $"""
        127.0.0.1:{Port} inet n - n - - smtpd
        pickup    unix  n       -       n       60      1       pickup
        cleanup   unix  n       -       n       -       0       cleanup
        qmgr      unix  n       -       n       300     1       qmgr
        rewrite   unix  -       -       n       -       -       trivial-rewrite
        bounce    unix  -       -       n       -       0       bounce
        defer     unix  -       -       n       -       0       bounce
        trace     unix  -       -       n       -       0       bounce
        verify    unix  -       -       n       -       1       verify
        flush     unix  n       -       n       1000?   0       flush
        proxymap  unix  -       -       n       -       -       proxymap
        smtp      unix  -       -       n       -       -       smtp
        relay     unix  -       -       n       -       -       smtp
        showq     unix  n       -       n       -       -       showq
        error     unix  -       -       n       -       -       error
        retry     unix  -       -       n       -       -       error
        discard   unix  -       -       n       -       -       discard
        local     unix  -       n       n       -       -       local
        virtual   unix  -       n       n       -       -       virtual
        lmtp      unix  -       -       n       -       -       lmtp
        anvil     unix  -       -       n       -       1       anvil
        scache    unix  -       -       n       -       1       scache
        postlog   unix-dgram n  -       n       -       1       postlogd

        """);
}
