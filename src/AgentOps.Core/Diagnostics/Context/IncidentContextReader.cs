using System.Globalization;
using System.Text.RegularExpressions;
using AgentOps.Core.Model;
using AgentOps.Core.Triage;

namespace AgentOps.Core.Diagnostics.Context;

/// <summary>
/// Reads an <see cref="IncidentContext"/> from an incident: its title, the subjects and bodies of its email signals, the
/// attachments intake kept as <c>evidence</c> events, the entities these texts name (<see cref="IncidentEntityExtractor"/>)
/// and the triage's impacts. The start is the earliest of: a time the reporter gives ("since 10am", "depuis 10h",
/// "seit 10 Uhr", "desde las 10:30") on the day of the first email, the first email's Date header, the incident's creation.
/// </summary>
public static partial class IncidentContextReader
{
    /// <summary>Reads the context of <paramref name="incident"/>.</summary>
    /// <param name="incident">The incident; only read.</param>
    public static IncidentContext Read(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        List<TimelineEvent> events;
        lock (incident)
        {
            events = [.. incident.Timeline];
        }

        var texts = new List<IncidentText> { new("the incident title", incident.Title) };
        var attachments = new List<IncidentAttachment>();
        var start = incident.CreatedAt;
        var startReason = "the incident's opening (no earlier time is known)";
        var emails = 0;
        foreach (var e in events)
        {
            if (e.Kind == "signal" && e.Source == "email")
            {
                var label = emails++ == 0 ? "the email" : "a later email";
                var sent = e.Data.TryGetValue("date", out var d) && DateTimeOffset.TryParse(d, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : e.At;
                if (sent < start)
                {
                    start = sent;
                    startReason = $"{label} was sent at {sent.ToUniversalTime():yyyy-MM-dd HH:mm} UTC";
                }

                foreach (var (key, where) in new[] { ("subject", $"{label} subject"), ("body", $"{label} body") })
                {
                    if (e.Data.TryGetValue(key, out var text) && !string.IsNullOrWhiteSpace(text))
                    {
                        texts.Add(new IncidentText(where, text));
                        if (ReportedStart(text, sent) is { } said && said.At < start)
                        {
                            start = said.At;
                            startReason = $"\"{said.Phrase}\" in {where} ({said.At.ToUniversalTime():yyyy-MM-dd HH:mm} UTC)";
                        }
                    }
                }
            }
            else if (e.Kind == "evidence" && e.Data.TryGetValue("name", out var name) && e.Data.TryGetValue("content", out var content))
            {
                attachments.Add(new IncidentAttachment(
                    name,
                    e.Data.GetValueOrDefault("content_type") ?? "text/plain",
                    content,
                    e.Data.GetValueOrDefault("truncated") == "true"));
            }
        }

        var entities = texts.SelectMany(t => IncidentEntityExtractor.Extract(t.Text, t.Where)).ToList();
        if (incident.Triage is { } triage)
        {
            entities.AddRange(triage.Impact.Select(i => new IncidentEntity(IncidentEntityKinds.Impact, i.ToLowerInvariant(), "the triage")));
        }

        return new IncidentContext(incident.Id, start, startReason)
        {
            Texts = texts,
            Entities = entities.DistinctBy(e => (e.Kind, e.Name)).ToList(),
            Attachments = attachments,
        };
    }

    /// <summary>A start time the reporter gives in <paramref name="text"/>, on the day of <paramref name="sent"/> (the day before when it would be later than the email).</summary>
    internal static (DateTimeOffset At, string Phrase)? ReportedStart(string text, DateTimeOffset sent)
    {
        var folded = TextFolding.Fold(text);
        var match = Since().Match(folded);
        if (!match.Success)
        {
            return null;
        }

        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        if (match.Groups["ampm"].Value == "pm" && hour < 12)
        {
            hour += 12;
        }
        else if (match.Groups["ampm"].Value == "am" && hour == 12)
        {
            hour = 0;
        }

        if (hour > 23)
        {
            return null;
        }

        var at = new DateTimeOffset(sent.Year, sent.Month, sent.Day, hour, minute, 0, sent.Offset);
        if (at > sent)
        {
            at = at.AddDays(-1);
        }

        return (at, match.Value.Trim());
    }

    [GeneratedRegex(@"\b(?:since|depuis|seit|desde)\s+(?:(?:ce matin|cet apres-midi|this morning|heute morgen|heute|esta manana)\s+)?(?:(?:las|la|at|a|les)\s+)?(?<h>\d{1,2})\s*(?:(?::|h)(?<m>[0-5]\d)?(?![a-z\d])(?:\s*(?<ampm>am|pm)\b)?|(?<ampm>am|pm)\b|uhr\b)", RegexOptions.CultureInvariant)]
    private static partial Regex Since();
}
