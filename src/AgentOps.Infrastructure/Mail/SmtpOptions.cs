using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Mail;

/// <summary>The SMTP server customer emails and email alerts go through. Section <c>Communication:Smtp</c>.</summary>
public sealed class SmtpOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Communication:Smtp";

    /// <summary>SMTP host. Empty means the embedded default: messages are written as <c>.eml</c> files into <c>Communication:OutboxFolder</c>.</summary>
    /// <value>Default none.</value>
    public string? Host { get; set; }

    /// <summary>SMTP port.</summary>
    /// <value>Default 587.</value>
    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>Transport security: <c>None</c>, <c>Auto</c>, <c>SslOnConnect</c>, <c>StartTls</c> or <c>StartTlsWhenAvailable</c>.</summary>
    /// <value>Default <c>StartTlsWhenAvailable</c>.</value>
    [RegularExpression("^(None|Auto|SslOnConnect|StartTls|StartTlsWhenAvailable)$")]
    public string Security { get; set; } = "StartTlsWhenAvailable";

    /// <summary>User name; no authentication when empty.</summary>
    public string? Username { get; set; }

    /// <summary>Password; from an environment variable (<c>Communication__Smtp__Password</c>) or user secrets only.</summary>
    public string? Password { get; set; }

    /// <summary>Connect and command timeout.</summary>
    /// <value>Default 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
