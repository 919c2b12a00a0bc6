using System.Globalization;
using System.Text;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration;
using AgentOps.Core.Persistence;

namespace AgentOps.Core.Commands;

/// <summary>How incidents and tracks are shown: one-line text, detailed text, and objects for <c>--json</c>.</summary>
public static class IncidentViews
{
    /// <summary>One line: id, priority, state, SLA countdown, title.</summary>
    public static string Line(Incident incident, DateTimeOffset now) => Line(IncidentSummary.From(incident), now);

    /// <summary>One line: id, priority, state, SLA countdown, title.</summary>
    public static string Line(IncidentSummary incident, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return $"{incident.Id} {incident.Priority} {incident.State,-13} {SlaText(incident, now),-22} {incident.Title}";
    }

    /// <summary>"resolve in 3h12m", "SLA breached 25m ago" or "no SLA".</summary>
    public static string SlaText(Incident incident, DateTimeOffset now) => SlaText(IncidentSummary.From(incident), now);

    /// <summary>"resolve in 3h12m", "SLA breached 25m ago" or "no SLA".</summary>
    public static string SlaText(IncidentSummary incident, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (incident.Sla is not { } sla)
        {
            return "no SLA";
        }

        if (incident.ResolvedAt is { } resolved)
        {
            return resolved <= sla.ResolveBy ? "resolved within SLA" : "resolved after SLA";
        }

        var left = sla.ResolveBy - now;
        return left >= TimeSpan.Zero ? $"resolve in {Duration(left)}" : $"SLA breached {Duration(-left)} ago";
    }

    /// <summary>A duration as <c>2h05m</c>, <c>45m</c> or <c>3d4h</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span.TotalDays >= 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d{span.Hours}h");
        }

        return span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:00}m")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)span.TotalMinutes)}m");
    }

    /// <summary>One line for a track: incident, number, kind, state, dependencies, GitHub issue.</summary>
    public static string TrackLine(Incident incident, Track track)
    {
        var pending = TrackStateMachine.PendingDependencies(incident, track);
        var sb = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{incident.Id}#{track.Number} [{track.State}] {track.Kind}: {track.Title}"));
        if (pending.Count > 0 && track.State == TrackState.Open)
        {
            sb.Append(CultureInfo.InvariantCulture, $" (waits for {string.Join(", ", pending.Select(n => $"#{n}"))})");
        }

        if (track.StateReason is { } reason)
        {
            sb.Append(CultureInfo.InvariantCulture, $" — {reason}");
        }

        if (track.GitHubIssueNumber is { } issue)
        {
            sb.Append(CultureInfo.InvariantCulture, $" (GitHub #{issue})");
        }

        return sb.ToString();
    }

    /// <summary>A track for <c>--json</c>.</summary>
    public static object TrackView(Incident incident, Track track) => new
    {
        incident = incident.Id,
        number = track.Number,
        kind = track.Kind.ToString(),
        title = track.Title,
        state = track.State.ToString(),
        depends_on = track.DependsOn,
        pending_dependencies = TrackStateMachine.PendingDependencies(incident, track),
        reason = track.StateReason,
        github_issue = track.GitHubIssueNumber,
        findings = track.Findings.Select(f => new
        {
            id = f.Id,
            claim = f.Claim,
            confidence = f.Confidence,
            category = f.Category,
            evidence = f.Evidence.Select(e => new { source = e.Source, excerpt = e.Excerpt, at = e.ObservedAt }).ToList(),
        }).ToList(),
    };

    /// <summary>An incident summary for <c>--json</c>.</summary>
    public static object Summary(Incident incident, DateTimeOffset now) => Summary(IncidentSummary.From(incident), now);

    /// <summary>An incident summary for <c>--json</c>.</summary>
    public static object Summary(IncidentSummary incident, DateTimeOffset now) => new
    {
        incident = incident.Id,
        title = incident.Title,
        priority = incident.Priority.ToString(),
        severity = incident.Severity.ToString(),
        state = incident.State.ToString(),
        customer = incident.Customer?.Domain,
        intent = incident.Intent,
        created_at = incident.CreatedAt,
        sla_acknowledge_by = incident.Sla?.AcknowledgeBy,
        sla_deadline = incident.Sla?.ResolveBy,
        sla = SlaText(incident, now),
        escalation_level = incident.EscalationLevel,
        signal_count = incident.SignalCount,
        tracks = incident.TrackCount,
        tracks_done = incident.TracksDone,
        version = incident.Version,
    };

    /// <summary>The whole incident for <c>--json</c>.</summary>
    public static object Detail(Incident incident, DateTimeOffset now) => new
    {
        summary = Summary(incident, now),
        triage = incident.Triage is null ? null : new
        {
            priority = incident.Triage.Priority.ToString(),
            intent = incident.Triage.Intent,
            confidence = incident.Triage.Confidence,
            reasons = incident.Triage.Reasons,
            skills = incident.Triage.Skills,
            impact = incident.Triage.Impact,
        },
        brief = incident.Brief,
        plan = incident.Plan is null ? null : new
        {
            components = incident.Plan.Components.Select(c => new { kind = c.Kind.ToString(), description = c.Description }).ToList(),
            steps = incident.Plan.Steps,
        },
        tracks = incident.Tracks.Select(t => TrackView(incident, t)).ToList(),
        root_cause = incident.RootCause,
        communications = incident.Communications.Select(c => new { c.Id, kind = c.Kind.ToString(), c.Channel, c.To, c.Subject, status = c.Status.ToString(), reason = c.StatusReason }).ToList(),
        timeline = incident.Timeline.Select(e => new { seq = e.Sequence, at = e.At, actor = e.Actor, source = e.Source, kind = e.Kind, message = e.Message }).ToList(),
    };

    /// <summary>The whole incident as text.</summary>
    public static string Render(Incident incident, DateTimeOffset now)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{incident.Id}: {incident.Title}\n");
        sb.Append(CultureInfo.InvariantCulture, $"  {incident.Priority} {incident.Severity} {incident.State}, {SlaText(incident, now)}");
        if (incident.EscalationLevel > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $", escalation level {incident.EscalationLevel}");
        }

        sb.Append('\n');
        if (incident.Customer is { } customer)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  Customer: {customer.Name} <{customer.Email}> ({customer.Tier})\n");
        }

        if (incident.Triage is { } triage)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  Triage: {triage.Priority} {triage.Intent} (confidence {triage.Confidence:0.00}, {triage.Classifier})\n");
            foreach (var reason in triage.Reasons)
            {
                sb.Append(CultureInfo.InvariantCulture, $"    - {reason}\n");
            }
        }

        if (incident.Brief is { } brief)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  Brief '{brief.Name}': {brief.Objective}\n");
            AppendList(sb, "Symptoms", brief.Symptoms);
            AppendList(sb, "Hypotheses", brief.Hypotheses);
            AppendList(sb, "Resolution criteria", brief.ResolutionCriteria);
        }

        if (incident.Plan is { } plan)
        {
            AppendList(sb, "Plan", plan.Steps);
        }

        if (incident.Tracks.Count > 0)
        {
            sb.Append("  Tracks:\n");
            foreach (var track in incident.Tracks)
            {
                sb.Append("    ").Append(TrackLine(incident, track)).Append('\n');
                foreach (var finding in track.Findings)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"      • {finding.Claim} ({finding.Confidence:0.00})\n");
                }
            }
        }

        if (incident.RootCause is { } rca)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  Root cause: {rca.RootCause} ({rca.Confidence:0.00})\n");
            AppendList(sb, "Contributing causes", rca.ContributingCauses);
        }

        sb.Append("  Timeline:\n");
        foreach (var evt in incident.Timeline)
        {
            var firstLine = evt.Message.Split('\n')[0];
            sb.Append(CultureInfo.InvariantCulture, $"    {evt.At:yyyy-MM-dd HH:mm:ss} {evt.Actor} ({evt.Source}) {firstLine}\n");
        }

        return sb.ToString().TrimEnd();
    }

    private static void AppendList(StringBuilder sb, string title, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        sb.Append(CultureInfo.InvariantCulture, $"  {title}:\n");
        foreach (var item in items)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    - {item}\n");
        }
    }
}
