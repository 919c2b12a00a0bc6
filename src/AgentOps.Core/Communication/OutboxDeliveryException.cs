namespace AgentOps.Core.Communication;

/// <summary>An outbox message could not be delivered.</summary>
public sealed class OutboxDeliveryException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, for the outbox <c>LastError</c> (never include secrets).</param>
    /// <param name="permanent">Retrying cannot help (bad payload, unknown channel): the message is kept as dead at once.</param>
    /// <param name="inner">The cause.</param>
    public OutboxDeliveryException(string message, bool permanent = false, Exception? inner = null)
        : base(message, inner)
    {
        Permanent = permanent;
    }

    /// <summary>Whether retrying cannot help.</summary>
    public bool Permanent { get; }
}
