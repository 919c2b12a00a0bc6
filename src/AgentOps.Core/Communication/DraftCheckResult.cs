namespace AgentOps.Core.Communication;

/// <summary>The outcome of <see cref="DraftChecker.Check"/>: empty problems means the draft may be sent.</summary>
public sealed record DraftCheckResult(IReadOnlyList<string> Problems)
{
    /// <summary>Whether the draft passed every check.</summary>
    public bool Passed => Problems.Count == 0;

    /// <summary>The problems joined into one reason, for <see cref="Model.Communication.StatusReason"/>.</summary>
    public string Reason => string.Join("; ", Problems);
}
