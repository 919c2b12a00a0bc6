using AgentOps.Core.Model;

namespace AgentOps.Core.PostMortem;

/// <summary>The times a post-mortem measures: when the incident started, was detected, acknowledged and resolved.</summary>
public static class IncidentClock
{
    /// <summary>Start of the incident as the evidence shows it: the root cause's start, else the earliest observed effect, else creation.</summary>
    public static DateTimeOffset StartOf(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var candidates = new List<DateTimeOffset> { incident.CreatedAt };
        if (incident.RootCause?.StartedAt is { } started)
        {
            candidates.Add(started);
        }

        candidates.AddRange(incident.Tracks.SelectMany(t => t.Findings).Select(f => f.ObservedSince).OfType<DateTimeOffset>());
        return candidates.Min();
    }

    /// <summary>End of the incident: resolution, else <paramref name="now"/>.</summary>
    public static DateTimeOffset EndOf(Incident incident, DateTimeOffset now) => incident.ResolvedAt ?? now;

    /// <summary>Whether the first signal was a customer email rather than monitoring.</summary>
    public static bool DetectedByCustomer(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var first = incident.Timeline.FirstOrDefault(e => e.Kind == "signal");
        return first is not null && first.Source == "email";
    }
}
