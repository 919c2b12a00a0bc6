using System.Text.Json;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Core.Orchestration.Sla;

/// <summary>Internal alerts (outbox kind <c>alert</c>): reminders, pages, breaches and failed jobs, for the alert handler to deliver.</summary>
public static class SlaAlert
{
    /// <summary>The outbox kind of internal alerts.</summary>
    public const string OutboxKind = "alert";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds an alert to <paramref name="changes"/>. Its id is derived from the incident and <paramref name="key"/>, so
    /// the same step never produces two alerts.
    /// </summary>
    /// <param name="changes">The change set saved with the incident.</param>
    /// <param name="incident">The incident the alert is about.</param>
    /// <param name="key">What the alert is for, unique per incident (an SLA step, <c>stale-3</c>, <c>manual-escalation-2</c>...).</param>
    /// <param name="type"><c>reminder</c>, <c>escalation</c>, <c>breach</c>, <c>stale</c>, <c>job-failed</c>.</param>
    /// <param name="message">What happened, for people.</param>
    /// <param name="targets">Who is alerted.</param>
    /// <param name="now">When.</param>
    public static OutboxMessage Add(
        ChangeSet changes,
        Incident incident,
        string key,
        string type,
        string message,
        IReadOnlyList<EscalationTarget> targets,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(targets);
        var payload = JsonSerializer.Serialize(
            new
            {
                type,
                incident = incident.Id,
                title = incident.Title,
                priority = incident.Priority.ToString(),
                state = incident.State.ToString(),
                level = incident.EscalationLevel,
                message,
                targets = targets.Select(t => new { name = t.Name, kind = t.Kind, address = t.Address }).ToList(),
            },
            Json);
        var alert = new OutboxMessage($"{incident.Id}/{key}", incident.Id, OutboxKind, payload, now) { NextAttemptAt = now };
        changes.Outbox.Add(alert);
        return alert;
    }
}
