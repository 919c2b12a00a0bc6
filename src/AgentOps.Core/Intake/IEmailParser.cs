namespace AgentOps.Core.Intake;

/// <summary>Turns the bytes of an email (RFC 5322 / MIME) into an <see cref="InboundEmail"/>.</summary>
public interface IEmailParser
{
    /// <summary>Parses one message from <paramref name="raw"/>; the stream is read, not disposed.</summary>
    /// <exception cref="EmailRejectedException">The bytes are not a usable email (empty, not MIME, no sender, header bomb, too large); the message says why.</exception>
    InboundEmail Parse(Stream raw, CancellationToken cancellationToken = default);
}
