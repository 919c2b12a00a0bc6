using AgentOps.Core.Communication;
using MimeKit;
using MimeKit.Text;

namespace AgentOps.Infrastructure.Mail;

/// <summary>Builds the MIME message of an <see cref="EmailPayload"/>: threading headers, incident header, plain-text UTF-8 body.</summary>
public static class MimeMessageFactory
{
    /// <summary>Header naming the incident a message belongs to.</summary>
    public const string IncidentHeader = "X-AgentOps-Incident";

    /// <summary>Creates the message; <paramref name="date"/> becomes its Date header.</summary>
    /// <exception cref="ParseException">An address in the payload is not valid.</exception>
    public static MimeMessage Create(EmailPayload payload, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var message = new MimeMessage
        {
            MessageId = Bare(payload.MessageId),
            Subject = payload.Subject,
            Date = date,
        };
        message.From.Add(new MailboxAddress(payload.FromName, payload.From));
        foreach (var to in payload.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        if (!string.IsNullOrWhiteSpace(payload.InReplyTo))
        {
            message.InReplyTo = Bare(payload.InReplyTo);
        }

        foreach (var reference in payload.References.Where(r => !string.IsNullOrWhiteSpace(r)))
        {
            message.References.Add(Bare(reference));
        }

        if (payload.IncidentId is not null)
        {
            message.Headers.Add(IncidentHeader, payload.IncidentId);
        }

        if (payload.Language is not null)
        {
            message.Headers.Add(HeaderId.ContentLanguage, payload.Language);
        }

        message.Body = new TextPart(TextFormat.Plain) { Text = payload.TextBody };
        return message;
    }

    private static string Bare(string id) => id.Trim().Trim('<', '>');
}
