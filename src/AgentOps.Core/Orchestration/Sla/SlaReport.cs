using System.Globalization;
using System.Text;
using AgentOps.Core.Commands;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Core.Orchestration.Sla;

/// <summary>
/// Deadlines and breaches of the open incidents: time left or overdue for acknowledgement and resolution. The text of
/// <c>agentops sla</c>, its <c>--json</c> data, and the SLA lines of <c>status</c> and <c>standup</c>.
/// </summary>
public sealed class SlaReport
{
    private SlaReport(IReadOnlyList<SlaReportEntry> entries, int withoutSla, DateTimeOffset now)
    {
        Entries = entries;
        WithoutSla = withoutSla;
        Now = now;
    }

    /// <summary>Open incidents with an SLA, most urgent first.</summary>
    public IReadOnlyList<SlaReportEntry> Entries { get; }

    /// <summary>How many open incidents have no SLA.</summary>
    public int WithoutSla { get; }

    public DateTimeOffset Now { get; }

    /// <summary>Entries with a breached deadline.</summary>
    public IReadOnlyList<SlaReportEntry> Breaches => Entries.Where(e => e.Breached).ToList();

    /// <summary>Builds the report of <paramref name="incidents"/> (those not open are ignored) at <paramref name="now"/>.</summary>
    public static SlaReport Create(IEnumerable<Incident> incidents, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        return Create(incidents.Select(IncidentSummary.From), now);
    }

    /// <summary>Builds the report of the incidents <paramref name="summaries"/> describe (those not open are ignored) at <paramref name="now"/>.</summary>
    public static SlaReport Create(IEnumerable<IncidentSummary> summaries, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var open = summaries.Where(i => SlaSchedule.IsActive(i.State)).ToList();
        var entries = open
            .Where(i => i.Sla is not null)
            .Select(i => new SlaReportEntry(i.Id, i.Title, i.Priority, i.State, i.EscalationLevel, i.Sla!.AcknowledgeBy, i.AcknowledgedAt, i.Sla.ResolveBy, now))
            .OrderBy(e => e.Urgency)
            .ThenBy(e => e.Priority)
            .ToList();
        return new SlaReport(entries, open.Count - entries.Count, now);
    }

    /// <summary>One line per incident, then a summary line.</summary>
    public string ToText()
    {
        if (Entries.Count == 0)
        {
            return WithoutSla == 0 ? "No open incidents." : string.Create(CultureInfo.InvariantCulture, $"No open incident has an SLA ({WithoutSla} without).");
        }

        var sb = new StringBuilder();
        foreach (var e in Entries)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{e.IncidentId} {e.Priority} {e.State,-13} ack: {AckText(e),-22} resolve: {Span(e.ResolveLeft),-16} level {e.EscalationLevel}  {e.Title}\n");
        }

        return sb.Append(Summary()).ToString();
    }

    /// <summary>One line for <c>status</c> and <c>standup</c>, e.g. <c>SLA: 4 open, 1 not acknowledged in time (INC-2026-0003), 0 resolution breached</c>.</summary>
    public string Summary()
    {
        var ack = Entries.Where(e => e.AcknowledgeBreached).Select(e => e.IncidentId).ToList();
        var resolve = Entries.Where(e => e.ResolveBreached).Select(e => e.IncidentId).ToList();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"SLA: {Entries.Count} open with deadlines, {ack.Count} not acknowledged in time{List(ack)}, {resolve.Count} resolution breached{List(resolve)}");
    }

    /// <summary>The report as data for <c>--json</c>: durations in seconds, negative when overdue.</summary>
    public object ToData() => new
    {
        now = Now,
        without_sla = WithoutSla,
        incidents = Entries.Select(e => new
        {
            incident = e.IncidentId,
            title = e.Title,
            priority = e.Priority.ToString(),
            state = e.State.ToString(),
            escalation_level = e.EscalationLevel,
            acknowledge_by = e.AcknowledgeBy,
            acknowledged_at = e.AcknowledgedAt,
            acknowledge_left_seconds = e.AcknowledgeLeft is { } a ? (long?)a.TotalSeconds : null,
            resolve_by = e.ResolveBy,
            resolve_left_seconds = (long)e.ResolveLeft.TotalSeconds,
            acknowledge_breached = e.AcknowledgeBreached,
            resolve_breached = e.ResolveBreached,
        }).ToList(),
        breaches = Breaches.Select(e => e.IncidentId).ToList(),
    };

    private static string AckText(SlaReportEntry e) =>
        e.AcknowledgedAt is { } at ? $"done {at:HH:mm}Z" : Span(e.AcknowledgeLeft!.Value);

    private static string Span(TimeSpan left) =>
        left >= TimeSpan.Zero ? $"{IncidentViews.Duration(left)} left" : $"overdue {IncidentViews.Duration(-left)}";

    private static string List(List<string> ids) => ids.Count == 0 ? string.Empty : $" ({string.Join(", ", ids)})";
}
