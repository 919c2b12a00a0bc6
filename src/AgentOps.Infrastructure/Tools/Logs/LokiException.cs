namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>Loki answered with an error status or a body that is not a stream result.</summary>
public sealed class LokiException : Exception
{
    public LokiException()
    {
    }

    public LokiException(string message)
        : base(message)
    {
    }

    public LokiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
