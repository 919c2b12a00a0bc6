using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Host.Server.Dashboard;

/// <summary>The board's filters, from the query string (<c>?priority=P1&amp;state=Investigating&amp;q=disk</c>); unknown values are ignored.</summary>
/// <param name="Priority">Only this priority, or <see langword="null"/>.</param>
/// <param name="State">Only this state, or <see langword="null"/>.</param>
/// <param name="Text">Only incidents whose id, title or customer contains this text, or <see langword="null"/>.</param>
/// <param name="BreachedOnly">Only incidents with a missed SLA deadline.</param>
public sealed record BoardFilter(Priority? Priority, IncidentState? State, string? Text, bool BreachedOnly)
{
    /// <summary>Reads the filters; a value that is not a priority or a state is treated as absent.</summary>
    public static BoardFilter Parse(string? priority, string? state, string? text, string? breached) => new(
        Enum.TryParse<Priority>(priority, ignoreCase: true, out var p) && Enum.IsDefined(p) ? p : null,
        Enum.TryParse<IncidentState>(state, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null,
        string.IsNullOrWhiteSpace(text) ? null : text.Trim(),
        breached is "1" or "true" or "on");

    /// <summary>Whether <paramref name="incident"/> passes the filters at <paramref name="now"/>.</summary>
    public bool Matches(IncidentSummary incident, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return (Priority is null || incident.Priority == Priority)
            && (State is null || incident.State == State)
            && (Text is null
                || incident.Id.Contains(Text, StringComparison.OrdinalIgnoreCase)
                || incident.Title.Contains(Text, StringComparison.OrdinalIgnoreCase)
                || (incident.Customer?.Domain.Contains(Text, StringComparison.OrdinalIgnoreCase) ?? false)
                || (incident.Customer?.Name.Contains(Text, StringComparison.OrdinalIgnoreCase) ?? false))
            && (!BreachedOnly || SlaCountdown.IsBreached(incident, now));
    }
}
