using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentOps.Core.Intake;

/// <summary>Renders an <see cref="IntakeOutcome"/> for <c>agentops intake</c>: a few readable lines, or one JSON object.</summary>
public static class IntakeOutcomeFormatter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// The outcome as a JSON object with <c>status</c>, <c>source</c>, <c>message_id</c>, <c>incident</c>, <c>correlation</c>,
    /// <c>priority</c>, <c>intent</c>, <c>sla_deadline</c> (ISO 8601), <c>confidence</c>, <c>reasons</c>, <c>skills</c>,
    /// <c>signal_count</c> and <c>quarantine_reason</c>; absent values are <c>null</c>.
    /// </summary>
    public static JsonObject ToJsonObject(IntakeOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new JsonObject
        {
            ["status"] = outcome.Status.ToString().ToLowerInvariant(),
            ["source"] = outcome.Source,
            ["message_id"] = outcome.MessageId,
            ["incident"] = outcome.IncidentId,
            ["correlation"] = outcome.Correlation,
            ["priority"] = outcome.Priority?.ToString(),
            ["intent"] = outcome.Intent,
            ["sla_deadline"] = outcome.SlaDeadline?.ToString("O", CultureInfo.InvariantCulture),
            ["confidence"] = outcome.Confidence,
            ["reasons"] = new JsonArray([.. outcome.Reasons.Select(r => JsonValue.Create(r))]),
            ["skills"] = new JsonArray([.. outcome.Skills.Select(s => JsonValue.Create(s))]),
            ["signal_count"] = outcome.SignalCount,
            ["quarantine_reason"] = outcome.QuarantineReason,
        };
    }

    /// <summary>The outcome as indented JSON (see <see cref="ToJsonObject"/>).</summary>
    public static string ToJson(IntakeOutcome outcome) => ToJsonObject(outcome).ToJsonString(Indented);

    /// <summary>The outcome as a few lines of text, e.g. <c>INC-2026-0042 created: P1 bug, SLA 2026-11-23 14:12 UTC (confidence 0.92)</c> then the reasons.</summary>
    public static string ToText(IntakeOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var text = new StringBuilder();
        if (outcome.Status == IntakeStatus.Quarantined)
        {
            text.Append(CultureInfo.InvariantCulture, $"{outcome.Source}: quarantined: {outcome.QuarantineReason}");
            return text.ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"{outcome.IncidentId} {outcome.Status.ToString().ToLowerInvariant()}");
        if (outcome.Priority is { } priority)
        {
            text.Append(CultureInfo.InvariantCulture, $": {priority} {outcome.Intent}");
        }

        if (outcome.SlaDeadline is { } deadline)
        {
            text.Append(CultureInfo.InvariantCulture, $", SLA {deadline.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        }

        if (outcome.Confidence is { } confidence)
        {
            text.Append(CultureInfo.InvariantCulture, $" (confidence {confidence:0.00})");
        }

        if (outcome.SignalCount > 1)
        {
            text.Append(CultureInfo.InvariantCulture, $", {outcome.SignalCount} signals");
        }

        foreach (var reason in outcome.Reasons)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  - {reason}");
        }

        if (outcome.Skills.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  skills: {string.Join(", ", outcome.Skills)}");
        }

        return text.ToString();
    }
}
