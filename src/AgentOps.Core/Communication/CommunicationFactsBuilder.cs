using System.Globalization;
using AgentOps.Core.Model;

namespace AgentOps.Core.Communication;

/// <summary>Turns an incident into the facts of a communication, in the reader's language (English, French, German, Spanish; internal alerts in French or English).</summary>
public sealed class CommunicationFactsBuilder
{
    private readonly CommunicationOptions _options;
    private readonly TimeZoneInfo _timeZone;

    /// <summary>Creates a builder; an unknown <see cref="CommunicationOptions.TimeZone"/> falls back to UTC.</summary>
    public CommunicationFactsBuilder(CommunicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _timeZone = TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
    }

    /// <summary>
    /// The language to write to the incident's customer in: theirs when known and supported (from the contract, or detected in
    /// their message at intake), else French for a <c>.fr</c> or <c>.be</c> domain, else the default.
    /// </summary>
    public string CustomerLanguage(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var language = incident.Customer?.Language;
        if (CommunicationLanguage.Find(language) is { } known)
        {
            return known.Code;
        }

        if (language is null && incident.Customer?.Domain is { } domain &&
            (domain.EndsWith(".fr", StringComparison.OrdinalIgnoreCase) || domain.EndsWith(".be", StringComparison.OrdinalIgnoreCase)))
        {
            return "fr";
        }

        return CommunicationLanguage.Of(_options.DefaultLanguage).Code;
    }

    /// <summary>Builds the facts of a communication of <paramref name="kind"/> about <paramref name="incident"/> at <paramref name="now"/>.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="kind">The kind of communication.</param>
    /// <param name="language"><c>en</c>, <c>fr</c>, <c>de</c> or <c>es</c> (others are written in English; internal alerts in French or English).</param>
    /// <param name="now">Current time (for durations of unresolved incidents).</param>
    /// <param name="note">Free text added by a person to a status update, if any.</param>
    public CommunicationFacts Build(Incident incident, CommunicationKind kind, string language, DateTimeOffset now, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var lang = CommunicationLanguage.Of(language);
        if (kind == CommunicationKind.InternalAlert && lang != CommunicationLanguage.French)
        {
            lang = CommunicationLanguage.English;
        }

        var fr = lang == CommunicationLanguage.French;
        var vars = new Dictionary<string, string>
        {
            ["incident_id"] = incident.Id,
            ["title"] = incident.Title,
            ["priority"] = incident.Priority.ToString(),
            ["customer_name"] = incident.Customer?.Name ?? string.Empty,
            ["greeting_name"] = FirstName(incident.Customer?.Name),
            ["greeting"] = Greeting(FirstName(incident.Customer?.Name), lang),
            ["customer_domain"] = incident.Customer?.Domain ?? lang["unknown"],
            ["status"] = lang.Status(incident.State),
            ["original_subject"] = OriginalSubject(incident),
            ["sla_target"] = SlaTarget(incident) is { } target ? DurationText.Format(target) : lang["none"],
            ["sla_deadline"] = incident.Sla is { } sla ? FormatTime(sla.ResolveBy, now, lang) : lang["none-f"],
            ["sla_ack_deadline"] = incident.Sla is { } ackSla ? FormatTime(ackSla.AcknowledgeBy, now, lang) : lang["none-f"],
            ["next_update"] = lang[incident.Priority switch { Priority.P1 => "next-p1", Priority.P2 => "next-p2", _ => "next" }],
            ["impact"] = Impact(incident, lang),
            ["assignees"] = Assignees(incident, lang),
            ["note"] = note?.Trim() ?? string.Empty,
            ["findings"] = Findings(incident, lang),
            ["cause"] = CustomerWording.Cause(incident, lang.Code) ?? lang["analysis"],
            ["actions"] = Actions(incident, lang),
            ["prevention"] = PreventionCatalog.For(incident.RootCause?.Category ?? string.Empty, lang.Code),
        };
        var required = new List<RequiredFact>
        {
            new(fr ? "référence de l'incident" : "incident id", incident.Id),
        };

        if (kind == CommunicationKind.Resolution)
        {
            var resolvedAt = incident.ResolvedAt ?? now;
            var timeToResolve = DurationText.Format(resolvedAt - incident.CreatedAt);
            vars["time_to_resolve"] = timeToResolve;
            vars["sla_verdict"] = SlaVerdict(incident, resolvedAt, lang);
            vars["time_to_resolve_line"] = vars["sla_verdict"].Length == 0 ? timeToResolve : $"{timeToResolve} ({vars["sla_verdict"]})";
            required.Add(new(fr ? "temps de résolution" : "time to resolve", timeToResolve));
            // The cause as the customer reads it (in their language), reworded freely by a model but not dropped.
            required.Add(new("cause", vars["cause"], Paraphrase: incident.RootCause is not null));
        }
        else if (kind != CommunicationKind.InternalAlert)
        {
            required.Add(new("status", vars["status"], Paraphrase: true));
        }
        else
        {
            required.Add(new("priority", incident.Priority.ToString()));
        }

        return new CommunicationFacts(kind, lang.Code, vars) { Required = required };
    }

    /// <summary>The subject of a customer email: <c>RE: &lt;original subject&gt; [INC-…]</c>, with a resolved marker on resolution emails.</summary>
    public static string CustomerSubject(Incident incident, CommunicationKind kind, string language)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var subject = OriginalSubject(incident);
        var tag = $"[{incident.Id}]";
        var core = subject.Contains(tag, StringComparison.OrdinalIgnoreCase) ? subject : $"{subject} {tag}";
        var result = "RE: " + core;
        if (kind == CommunicationKind.Resolution)
        {
            result += " ✅ " + CommunicationLanguage.Of(language)["resolved-tag"];
        }

        return result;
    }

    /// <summary>The subject the customer wrote (from the first signal on the timeline), without reply prefixes; the title when none is recorded.</summary>
    public static string OriginalSubject(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var subject = incident.Timeline
            .Where(e => e.Kind == "signal")
            .Select(e => e.Data.TryGetValue("subject", out var s) ? s : null)
            .FirstOrDefault(s => !string.IsNullOrWhiteSpace(s)) ?? incident.Title;
        var trimmed = subject.Trim();
        while (true)
        {
            var prefix = new[] { "RE:", "Re:", "TR:", "FW:", "Fwd:", "AW:" }.FirstOrDefault(p => trimmed.StartsWith(p, StringComparison.OrdinalIgnoreCase));
            if (prefix is null)
            {
                return trimmed;
            }

            trimmed = trimmed[prefix.Length..].TrimStart();
        }
    }

    /// <summary>Writes <paramref name="at"/> in the configured time zone: <c>14h00</c> (fr) or <c>14:00</c>, with the date when it is not today.</summary>
    public string FormatTime(DateTimeOffset at, DateTimeOffset now, CommunicationLanguage language)
    {
        ArgumentNullException.ThrowIfNull(language);
        var local = TimeZoneInfo.ConvertTime(at, _timeZone);
        var today = TimeZoneInfo.ConvertTime(now, _timeZone);
        var time = local.ToString(language["time"], CultureInfo.InvariantCulture);
        if (_timeZone == TimeZoneInfo.Utc)
        {
            time += " UTC";
        }

        return local.Date == today.Date
            ? time
            : local.ToString(language["date"], CultureInfo.InvariantCulture) + " " + time;
    }

    private static TimeSpan? SlaTarget(Incident incident) => incident.Sla switch
    {
        null => null,
        { ResolutionTarget: var t } when t > TimeSpan.Zero => t,
        var sla => sla.ResolveBy - incident.CreatedAt,
    };

    private static string SlaVerdict(Incident incident, DateTimeOffset resolvedAt, CommunicationLanguage lang)
    {
        if (incident.Sla is null || SlaTarget(incident) is not { } target)
        {
            return string.Empty;
        }

        var met = resolvedAt <= incident.Sla.ResolveBy;
        return string.Format(CultureInfo.InvariantCulture, lang[met ? "sla-met" : "sla-missed"], DurationText.Format(target));
    }

    private static string Greeting(string firstName, CommunicationLanguage lang) =>
        firstName.Length == 0 ? lang["hello"] + "," : $"{lang["hello"]} {firstName},";

    private static string FirstName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('@', StringComparison.Ordinal))
        {
            return string.Empty;
        }

        return name.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
    }

    private static string Impact(Incident incident, CommunicationLanguage lang)
    {
        var impacts = incident.Triage?.Impact ?? [];
        if (impacts.Count == 0)
        {
            return lang["to-assess"];
        }

        var labels = impacts.Select(i => i switch
        {
            "production-down" => "Production",
            "revenue" => "Revenue",
            "payments" or "security" or "data-loss" or "all-users" => lang[i],
            _ => i,
        }).Distinct();
        return string.Join(" / ", labels);
    }

    private string Assignees(Incident incident, CommunicationLanguage lang)
    {
        var teams = new List<string>();
        foreach (var skill in incident.Triage?.Skills ?? [])
        {
            var team = skill switch
            {
                "devops" => "DevOps",
                "backend-developer" or "backend" => "Backend",
                "frontend-developer" or "frontend" => "Frontend",
                "database" or "dba" => lang["database"],
                "security" => lang["security"],
                "client-intake" or "task-orchestrator" or "project-management" or "support-client" or "testing-process" => null,
                _ => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(skill.Replace('-', ' ')),
            };
            if (team is not null && !teams.Contains(team))
            {
                teams.Add(team);
            }
        }

        foreach (var assignee in incident.Tracks.Select(t => t.Assignee).OfType<string>())
        {
            if (!teams.Contains(assignee))
            {
                teams.Add(assignee);
            }
        }

        if (teams.Count == 0)
        {
            return _options.DefaultAssignees;
        }

        return lang.Teams(teams);
    }

    private static string Findings(Incident incident, CommunicationLanguage lang)
    {
        var claims = incident.Tracks.SelectMany(t => t.Findings)
            .Where(f => f.Confidence >= 0.5)
            .OrderBy(f => f.At)
            .Select(f => "- " + CustomerWording.Finding(f, lang.Code))
            .Distinct()
            .Take(5)
            .ToList();
        return claims.Count == 0
            ? "- " + lang["first-checks"]
            : string.Join('\n', claims);
    }

    private static string Actions(Incident incident, CommunicationLanguage lang)
    {
        var done = incident.RootCause?.Remediations
            .Where(r => r.Status is RemediationStatus.Applied)
            .Select(r => CustomerWording.Action(r, lang.Code))
            .ToList() ?? [];
        if (done.Count == 0)
        {
            done.Add(lang["fix-applied"]);
        }

        return string.Join('\n', done.Select((d, i) => $"{i + 1}. {d}"));
    }
}
