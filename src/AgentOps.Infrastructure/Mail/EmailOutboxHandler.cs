using System.Net.Sockets;
using System.Text.Json;
using AgentOps.Core.Communication;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace AgentOps.Infrastructure.Mail;

/// <summary>
/// Delivers outbox messages of kind <c>email</c> with MailKit's <see cref="SmtpClient"/>, or, when no SMTP host is configured,
/// writes them as <c>&lt;outbox id&gt;.eml</c> into the outbox folder (relative to the current working directory).
/// Idempotent on the outbox id: the Message-Id derives from it, and a delivered id is recorded so a retry does not send twice.
/// </summary>
public sealed class EmailOutboxHandler : IOutboxHandler
{
    /// <summary>Checkpoint key prefix recording delivered outbox ids.</summary>
    public const string DeliveredCheckpointPrefix = "email-delivered:";

    private readonly SmtpOptions _smtp;
    private readonly CommunicationOptions _communication;
    private readonly IIncidentStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates the handler.</summary>
    public EmailOutboxHandler(SmtpOptions smtp, CommunicationOptions communication, IIncidentStore store, TimeProvider time)
    {
        _smtp = smtp ?? throw new ArgumentNullException(nameof(smtp));
        _communication = communication ?? throw new ArgumentNullException(nameof(communication));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <inheritdoc />
    public string Kind => "email";

    /// <summary>Where <c>.eml</c> files go when no SMTP host is set: <see cref="CommunicationOptions.OutboxFolder"/> from the current working directory.</summary>
    public string OutboxFolder => Path.GetFullPath(_communication.OutboxFolder, Directory.GetCurrentDirectory());

    /// <inheritdoc />
    /// <exception cref="OutboxDeliveryException">The payload is invalid (permanent), or the server refused or could not be reached.</exception>
    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        MimeMessage mime;
        try
        {
            mime = MimeMessageFactory.Create(EmailPayload.FromJson(message.Payload), _time.GetUtcNow());
        }
        catch (Exception ex) when (ex is JsonException or ParseException or ArgumentException)
        {
            throw new OutboxDeliveryException($"Invalid email payload: {ex.Message}", permanent: true, ex);
        }

        if (string.IsNullOrWhiteSpace(_smtp.Host))
        {
            await WriteEmlAsync(message.Id, mime, cancellationToken).ConfigureAwait(false);
            return;
        }

        var checkpoint = DeliveredCheckpointPrefix + message.Id;
        if (await _store.GetCheckpointAsync(checkpoint, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        await SendAsync(mime, cancellationToken).ConfigureAwait(false);
        await _store.SetCheckpointAsync(checkpoint, _time.GetUtcNow().ToString("O"), cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteEmlAsync(string outboxId, MimeMessage mime, CancellationToken cancellationToken)
    {
        var folder = OutboxFolder;
        Directory.CreateDirectory(folder);
        var safeName = string.Concat(outboxId.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c == '/' ? '_' : c));
        var path = Path.Combine(folder, safeName + ".eml");
        var temp = path + ".tmp";
        await mime.WriteToAsync(temp, cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    private async Task SendAsync(MimeMessage mime, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)_smtp.Timeout.TotalMilliseconds };
        var server = $"{_smtp.Host}:{_smtp.Port}";
        try
        {
            await client.ConnectAsync(_smtp.Host!, _smtp.Port, Enum.Parse<SecureSocketOptions>(_smtp.Security), cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(_smtp.Username))
            {
                await client.AuthenticateAsync(_smtp.Username, _smtp.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }

            await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        }
        catch (SmtpCommandException ex)
        {
            // 5xx about the sender or a recipient will not change by retrying; anything else (4xx, greylisting) may.
            var permanent = (int)ex.StatusCode >= 500 && ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted;
            throw new OutboxDeliveryException($"SMTP server {server} refused the message: {(int)ex.StatusCode} {ex.Message}", permanent, ex);
        }
        catch (AuthenticationException ex)
        {
            throw new OutboxDeliveryException($"SMTP authentication to {server} failed: {ex.Message}", permanent: false, ex);
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpProtocolException or SslHandshakeException or TimeoutException or ServiceNotConnectedException
                                       || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new OutboxDeliveryException($"SMTP server {server} unreachable: {ex.Message}", permanent: false, ex);
        }
    }
}
