using AgentOps.Core.Commands;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Host.Server.Dashboard;

/// <summary>
/// The acknowledgement and resolution deadlines of an incident as countdowns: "ack in 12m", "resolve breached 2h05m ago",
/// "acknowledged". The page script keeps them ticking from <c>data-deadline</c> with the same wording.
/// </summary>
public static class SlaCountdown
{
    /// <summary>Whether a deadline of <paramref name="incident"/> has passed without being met.</summary>
    public static bool IsBreached(Incident incident, DateTimeOffset now) => IsBreached(IncidentSummary.From(incident), now);

    /// <summary>Whether a deadline of <paramref name="incident"/> has passed without being met.</summary>
    public static bool IsBreached(IncidentSummary incident, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (incident.Sla is not { } sla)
        {
            return false;
        }

        var ackMissed = incident.AcknowledgedAt is { } acked ? acked > sla.AcknowledgeBy : now > sla.AcknowledgeBy;
        var resolveMissed = incident.ResolvedAt is { } resolved ? resolved > sla.ResolveBy : now > sla.ResolveBy;
        return ackMissed || resolveMissed;
    }

    /// <summary>The acknowledgement countdown.</summary>
    public static HtmlFragment Acknowledge(Incident incident, DateTimeOffset now) => Acknowledge(IncidentSummary.From(incident), now);

    /// <summary>The acknowledgement countdown.</summary>
    public static HtmlFragment Acknowledge(IncidentSummary incident, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return Countdown("ack", incident.Sla?.AcknowledgeBy, incident.AcknowledgedAt, "acknowledged in time", "acknowledged late", now);
    }

    /// <summary>The resolution countdown.</summary>
    public static HtmlFragment Resolve(Incident incident, DateTimeOffset now) => Resolve(IncidentSummary.From(incident), now);

    /// <summary>The resolution countdown.</summary>
    public static HtmlFragment Resolve(IncidentSummary incident, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return Countdown("resolve", incident.Sla?.ResolveBy, incident.ResolvedAt, "resolved within SLA", "resolved after SLA", now);
    }

    /// <summary>The text of a running countdown: <c>ack in 12m</c> or <c>ack breached 3m ago</c>.</summary>
    public static string Text(string label, DateTimeOffset deadline, DateTimeOffset now)
    {
        var left = deadline - now;
        return left >= TimeSpan.Zero ? $"{label} in {IncidentViews.Duration(left)}" : $"{label} breached {IncidentViews.Duration(-left)} ago";
    }

    /// <summary>"no SLA" without a deadline; once done, whether it was in time; else the running countdown.</summary>
    private static HtmlFragment Countdown(string label, DateTimeOffset? deadline, DateTimeOffset? doneAt, string inTime, string late, DateTimeOffset now)
    {
        if (deadline is not { } due)
        {
            return Html.Format($"""<span class="countdown none">no SLA</span>""");
        }

        return doneAt is { } done ? Done(label, done <= due ? inTime : late, done <= due) : Running(label, due, now);
    }

    private static HtmlFragment Running(string label, DateTimeOffset deadline, DateTimeOffset now)
    {
        var css = deadline < now ? "countdown breached" : "countdown running";
        return Html.Format($"""<time class="{css}" datetime="{deadline:O}" data-deadline="{deadline:O}" data-label="{label}">{Text(label, deadline, now)}</time>""");
    }

    private static HtmlFragment Done(string label, string text, bool met) =>
        Html.Format($"""<span class="{(met ? "countdown met" : "countdown breached")}" data-label="{label}">{text}</span>""");
}
