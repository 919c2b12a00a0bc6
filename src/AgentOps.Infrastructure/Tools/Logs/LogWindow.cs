namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>The time window searches centre on: around the incident's start.</summary>
/// <param name="From">Lines at or after this time are kept.</param>
/// <param name="To">Lines before this time are kept.</param>
/// <param name="Reason">How the start was found, e.g. <c>"depuis 10h" in the email body</c>.</param>
public sealed record LogWindow(DateTimeOffset From, DateTimeOffset To, string Reason)
{
    /// <summary>The window as text, e.g. <c>2024-03-05 09:00–13:00 UTC</c>.</summary>
    public override string ToString() =>
        $"{From.ToUniversalTime():yyyy-MM-dd HH:mm}–{To.ToUniversalTime():yyyy-MM-dd HH:mm} UTC";
}
