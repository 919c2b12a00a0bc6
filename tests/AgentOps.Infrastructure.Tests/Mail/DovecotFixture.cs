using AgentOps.Infrastructure.LocalServers;
using AgentOps.Infrastructure.Mail;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace AgentOps.Infrastructure.Tests.Mail;

/// <summary>One real Dovecot per test class, on a free loopback port; each test uses its own folder.</summary>
public sealed class DovecotFixture : IAsyncLifetime
{
    private DovecotServer? _server;

    public DovecotServer Server => _server ?? throw new InvalidOperationException("Dovecot is not started.");

    public async Task InitializeAsync() => _server = await DovecotServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public ImapOptions Options(string folder) => new()
    {
        Host = "127.0.0.1",
        Port = Server.Port,
        Security = SecureSocketOptions.None,
        Username = Server.Username,
        Password = Server.Password,
        Folder = folder,
        PollInterval = TimeSpan.FromMinutes(10),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        CommandTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Connects a separate client (the "mail server side" of the test) to create folders and deliver mail with APPEND.</summary>
    public async Task<ImapClient> ClientAsync()
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", Server.Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(Server.Username, Server.Password);
        return client;
    }

    public async Task CreateFolderAsync(string name)
    {
        using var client = await ClientAsync();
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        await root.CreateAsync(name, true);
        await client.DisconnectAsync(true);
    }

    public async Task<UniqueId?> AppendAsync(string folder, byte[] raw)
    {
        using var client = await ClientAsync();
        var target = await client.GetFolderAsync(folder);
        using var stream = new MemoryStream(raw);
        var uid = await target.AppendAsync(FormatOptions.Default, new AppendRequest(await MimeMessage.LoadAsync(stream), MessageFlags.None));
        await client.DisconnectAsync(true);
        return uid;
    }

    public async Task<IList<IMessageSummary>> FlagsAsync(string folder)
    {
        using var client = await ClientAsync();
        var target = await client.GetFolderAsync(folder);
        await target.OpenAsync(FolderAccess.ReadOnly);
        var summaries = target.Count == 0 ? [] : await target.FetchAsync(0, -1, new FetchRequest(MessageSummaryItems.Flags | MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope));
        await client.DisconnectAsync(true);
        return summaries;
    }
}
