using AgentOps.Core.Model;

namespace AgentOps.Core.Tests.Fakes;

/// <summary>Detached copies of incidents for the in-memory stores, so a caller's changes reach the store only by a save.</summary>
internal static class DetachedIncident
{
    /// <summary>A copy of <paramref name="source"/> with its own lists and tracks; the timeline only when <paramref name="withTimeline"/>.</summary>
    public static Incident Copy(Incident source, bool withTimeline = true)
    {
        var copy = new Incident
        {
            Id = source.Id,
            Title = source.Title,
            Priority = source.Priority,
            Severity = source.Severity,
            State = source.State,
            Customer = source.Customer,
            Sla = source.Sla,
            Triage = source.Triage,
            CreatedAt = source.CreatedAt,
            AcknowledgedAt = source.AcknowledgedAt,
            ResolvedAt = source.ResolvedAt,
            ClosedAt = source.ClosedAt,
            EscalationLevel = source.EscalationLevel,
            SignalCount = source.SignalCount,
            MessageIds = [.. source.MessageIds],
            Brief = source.Brief,
            Plan = source.Plan,
            Tracks = source.Tracks.Select(t => new Track
            {
                Number = t.Number,
                Kind = t.Kind,
                Title = t.Title,
                State = t.State,
                DependsOn = [.. t.DependsOn],
                GitHubIssueNumber = t.GitHubIssueNumber,
                Assignee = t.Assignee,
                Findings = [.. t.Findings],
                StateReason = t.StateReason,
            }).ToList(),
            Communications = [.. source.Communications],
            RootCause = source.RootCause,
            PostMortem = source.PostMortem,
            PostMortemWaiver = source.PostMortemWaiver,
            GitHubIssueNumber = source.GitHubIssueNumber,
            Version = source.Version,
        };
        if (withTimeline)
        {
            copy.LoadTimeline(source.Timeline);
        }

        return copy;
    }
}
