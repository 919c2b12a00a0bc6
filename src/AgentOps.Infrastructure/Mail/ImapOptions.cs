using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace AgentOps.Infrastructure.Mail;

/// <summary>The IMAP mailbox watched for support mail. Bound from the <c>Mail:Imap</c> section; the password only from the environment or user secrets.</summary>
public sealed class ImapOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Mail:Imap";

    /// <summary>Whether the IMAP watcher runs in <c>serve</c>.</summary>
    /// <value>Default <see langword="false"/> (the drop folder is the default source).</value>
    public bool Enabled { get; set; }

    /// <summary>Server host name.</summary>
    /// <value>Default <c>localhost</c>.</value>
    [Required]
    public string Host { get; set; } = "localhost";

    /// <summary>Server port.</summary>
    /// <value>Default 993 (IMAPS).</value>
    [Range(1, 65535)]
    public int Port { get; set; } = 993;

    /// <summary>TLS mode: <c>SslOnConnect</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c>, <c>Auto</c> or <c>None</c> (loopback tests only).</summary>
    /// <value>Default <c>SslOnConnect</c>.</value>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.SslOnConnect;

    /// <summary>Accept a server certificate that does not validate (self-signed test servers). Never in production.</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool AcceptAnyCertificate { get; set; }

    /// <summary>Login name.</summary>
    [Required]
    public string Username { get; set; } = string.Empty;

    /// <summary>Password; set it through the environment (<c>Mail__Imap__Password</c>), never in appsettings.json.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>The folder to watch.</summary>
    /// <value>Default <c>INBOX</c>.</value>
    [Required]
    public string Folder { get; set; } = "INBOX";

    /// <summary>Wait for new mail with IMAP IDLE when the server supports it; otherwise poll.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool UseIdle { get; set; } = true;

    /// <summary>How long one IDLE lasts before it is renewed (servers drop IDLE after 30 minutes).</summary>
    /// <value>Default 9 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "00:29:00")]
    public TimeSpan IdleRefresh { get; set; } = TimeSpan.FromMinutes(9);

    /// <summary>How often the folder is checked when IDLE is off or unsupported.</summary>
    /// <value>Default 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Mark processed messages as read (<c>\Seen</c>) besides the keyword.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool MarkSeen { get; set; } = true;

    /// <summary>Keyword set on a message once its incident is committed.</summary>
    /// <value>Default <c>$AgentOpsProcessed</c>.</value>
    [Required]
    [RegularExpression(@"^[^\s()\{%*""\\\]]+$")]
    public string ProcessedKeyword { get; set; } = "$AgentOpsProcessed";

    /// <summary>Keyword set on a message that was quarantined (it stays on the server).</summary>
    /// <value>Default <c>$AgentOpsQuarantined</c>.</value>
    [Required]
    [RegularExpression(@"^[^\s()\{%*""\\\]]+$")]
    public string QuarantineKeyword { get; set; } = "$AgentOpsQuarantined";

    /// <summary>When set, processed messages are moved to this folder (after the keyword is set).</summary>
    /// <value>Default none: messages stay in <see cref="Folder"/>.</value>
    public string? MoveProcessedTo { get; set; }

    /// <summary>When set, quarantined messages are moved to this folder.</summary>
    /// <value>Default none.</value>
    public string? MoveQuarantinedTo { get; set; }

    /// <summary>First delay before reconnecting after a failure; doubled after each failure.</summary>
    /// <value>Default 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between reconnection attempts.</summary>
    /// <value>Default 5 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Network timeout of one IMAP command.</summary>
    /// <value>Default 60 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
