namespace AgentOps.Core.Intake;

/// <summary>Where an email came from, and the checkpoint to commit with its incident.</summary>
/// <param name="Source">Human-readable origin for the timeline, e.g. <c>file:inbox/a.eml</c> or <c>imap:INBOX/42</c>.</param>
public sealed record IntakeContext(string Source)
{
    /// <summary>Checkpoints written in the same transaction as the incident (e.g. the IMAP UIDVALIDITY/UID).</summary>
    public IReadOnlyDictionary<string, string> Checkpoints { get; init; } = new Dictionary<string, string>();

    /// <summary>An email given on the command line or piped on standard input.</summary>
    public static IntakeContext Cli { get; } = new("cli");
}
