namespace AgentOps.Core.Triage;

/// <summary>
/// Bad user input for training or evaluation (missing column, empty file, a label the mapping does not know...).
/// The message is meant for the user as is: no stack trace needed.
/// </summary>
public sealed class TriageDataException : Exception
{
    /// <summary>Creates the exception with a user-facing message.</summary>
    public TriageDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a user-facing message and its cause.</summary>
    public TriageDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TriageDataException()
    {
    }
}
