using System.Globalization;
using System.Text.RegularExpressions;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// The hidden HTML comment that ties a GitHub issue or comment to an incident. It is what makes the sync idempotent:
/// before creating anything, AgentOps looks for the marker, so a crash between "created on GitHub" and "recorded
/// locally" never leads to a second issue.
/// </summary>
/// <param name="IncidentId">The incident, e.g. <c>INC-2026-0042</c>.</param>
/// <param name="Track">The track number, or <see langword="null"/> for the epic.</param>
public sealed partial record GitHubMarker(string IncidentId, int? Track)
{
    /// <summary>The key of this issue in a sync: <c>epic</c> or the track number.</summary>
    public string Key => Track is null ? "epic" : Track.Value.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>&lt;!-- agentops:incident=INC-… track=N --&gt;</c> (<c>track=epic</c> for the epic).</summary>
    public string Render() => $"<!-- agentops:incident={IncidentId} track={Key} -->";

    /// <summary>Finds the issue marker in a body, or <see langword="null"/>.</summary>
    public static GitHubMarker? Parse(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return null;
        }

        var match = IssuePattern().Match(body);
        if (!match.Success)
        {
            return null;
        }

        var track = match.Groups["track"].Value;
        return new GitHubMarker(match.Groups["incident"].Value, track == "epic" ? null : int.Parse(track, CultureInfo.InvariantCulture));
    }

    /// <summary>The marker of a progress comment for a track in a state (e.g. <c>in-progress</c>).</summary>
    public static string Progress(string incidentId, int track, string state) =>
        $"<!-- agentops:progress incident={incidentId} track={track.ToString(CultureInfo.InvariantCulture)} state={state} -->";

    /// <summary>Reads a progress marker: the track and the state it was written for, or <see langword="null"/>.</summary>
    public static (string IncidentId, int Track, string State)? ParseProgress(string? body)
    {
        var match = body is null ? Match.Empty : ProgressPattern().Match(body);
        return match.Success
            ? (match.Groups["incident"].Value, int.Parse(match.Groups["track"].Value, CultureInfo.InvariantCulture), match.Groups["state"].Value)
            : null;
    }

    /// <summary>The marker of a reply AgentOps posts, keyed so that a retried delivery finds it instead of posting twice.</summary>
    public static string Reply(string key) => $"<!-- agentops:reply key={key} -->";

    /// <summary>Whether a comment or body was written by AgentOps (any agentops marker): such text is never read as commands.</summary>
    public static bool IsOurs(string? body) => body is not null && body.Contains("<!-- agentops:", StringComparison.Ordinal);

    [GeneratedRegex(@"<!--\s*agentops:incident=(?<incident>[A-Za-z0-9][A-Za-z0-9._-]{0,63})\s+track=(?<track>epic|\d{1,4})\s*-->")]
    private static partial Regex IssuePattern();

    [GeneratedRegex(@"<!--\s*agentops:progress\s+incident=(?<incident>[A-Za-z0-9][A-Za-z0-9._-]{0,63})\s+track=(?<track>\d{1,4})\s+state=(?<state>[a-z-]+)\s*-->")]
    private static partial Regex ProgressPattern();
}
