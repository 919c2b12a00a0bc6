using System.Globalization;
using AgentOps.Core.Model;

namespace AgentOps.Core.Communication;

/// <summary>Turns an incident into the facts of a communication, in the reader's language (French and English).</summary>
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

    /// <summary>The language to write to the incident's customer in: theirs when known (or implied by a <c>.fr</c> domain), else the default.</summary>
    public string CustomerLanguage(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var language = incident.Customer?.Language?.Trim().ToLowerInvariant();
        if (language is "fr" or "en")
        {
            return language;
        }

        if (language is null && incident.Customer?.Domain is { } domain &&
            (domain.EndsWith(".fr", StringComparison.OrdinalIgnoreCase) || domain.EndsWith(".be", StringComparison.OrdinalIgnoreCase)))
        {
            return "fr";
        }

        return _options.DefaultLanguage;
    }

    /// <summary>Builds the facts of a communication of <paramref name="kind"/> about <paramref name="incident"/> at <paramref name="now"/>.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="kind">The kind of communication.</param>
    /// <param name="language"><c>fr</c> or <c>en</c>.</param>
    /// <param name="now">Current time (for durations of unresolved incidents).</param>
    /// <param name="note">Free text added by a person to a status update, if any.</param>
    public CommunicationFacts Build(Incident incident, CommunicationKind kind, string language, DateTimeOffset now, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var fr = language == "fr";
        var vars = new Dictionary<string, string>
        {
            ["incident_id"] = incident.Id,
            ["title"] = incident.Title,
            ["priority"] = incident.Priority.ToString(),
            ["customer_name"] = incident.Customer?.Name ?? string.Empty,
            ["greeting_name"] = FirstName(incident.Customer?.Name),
            ["greeting"] = Greeting(FirstName(incident.Customer?.Name), fr),
            ["customer_domain"] = incident.Customer?.Domain ?? (fr ? "non renseigné" : "unknown"),
            ["status"] = StatusWord(incident.State, fr),
            ["original_subject"] = OriginalSubject(incident),
            ["sla_target"] = SlaTarget(incident) is { } target ? DurationText.Format(target) : (fr ? "non défini" : "none"),
            ["sla_deadline"] = incident.Sla is { } sla ? FormatTime(sla.ResolveBy, now, fr) : (fr ? "non définie" : "none"),
            ["sla_ack_deadline"] = incident.Sla is { } ackSla ? FormatTime(ackSla.AcknowledgeBy, now, fr) : (fr ? "non définie" : "none"),
            ["next_update"] = NextUpdate(incident.Priority, fr),
            ["impact"] = Impact(incident, fr),
            ["assignees"] = Assignees(incident, fr),
            ["note"] = note?.Trim() ?? string.Empty,
            ["findings"] = Findings(incident, fr),
            ["cause"] = CustomerWording.Cause(incident, fr ? "fr" : "en") ?? (fr ? "analyse en cours" : "analysis in progress"),
            ["actions"] = Actions(incident, fr),
            ["prevention"] = Prevention(incident, fr),
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
            vars["sla_verdict"] = SlaVerdict(incident, resolvedAt, fr);
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

        return new CommunicationFacts(kind, fr ? "fr" : "en", vars) { Required = required };
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
            result += language == "fr" ? " ✅ RÉSOLU" : " ✅ RESOLVED";
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

    /// <summary>Writes <paramref name="at"/> in the configured time zone: <c>14h00</c> (fr) or <c>14:00</c> (en), with the date when it is not today.</summary>
    public string FormatTime(DateTimeOffset at, DateTimeOffset now, bool french)
    {
        var local = TimeZoneInfo.ConvertTime(at, _timeZone);
        var today = TimeZoneInfo.ConvertTime(now, _timeZone);
        var time = french
            ? local.ToString("HH'h'mm", CultureInfo.InvariantCulture)
            : local.ToString("HH:mm", CultureInfo.InvariantCulture);
        if (_timeZone == TimeZoneInfo.Utc)
        {
            time += " UTC";
        }

        return local.Date == today.Date
            ? time
            : local.ToString(french ? "dd/MM/yyyy" : "yyyy-MM-dd", CultureInfo.InvariantCulture) + " " + time;
    }

    private static TimeSpan? SlaTarget(Incident incident) => incident.Sla switch
    {
        null => null,
        { ResolutionTarget: var t } when t > TimeSpan.Zero => t,
        var sla => sla.ResolveBy - incident.CreatedAt,
    };

    private static string SlaVerdict(Incident incident, DateTimeOffset resolvedAt, bool fr)
    {
        if (incident.Sla is null || SlaTarget(incident) is not { } target)
        {
            return string.Empty;
        }

        var met = resolvedAt <= incident.Sla.ResolveBy;
        var t = DurationText.Format(target);
        return (met, fr) switch
        {
            (true, true) => $"SLA {t} respecté ✅",
            (false, true) => $"SLA {t} dépassé ❌",
            (true, false) => $"SLA {t} met ✅",
            (false, false) => $"SLA {t} missed ❌",
        };
    }

    private static string Greeting(string firstName, bool fr) => (firstName.Length == 0, fr) switch
    {
        (true, true) => "Bonjour,",
        (false, true) => $"Bonjour {firstName},",
        (true, false) => "Hello,",
        (false, false) => $"Hello {firstName},",
    };

    private static string FirstName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('@', StringComparison.Ordinal))
        {
            return string.Empty;
        }

        return name.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
    }

    private static string StatusWord(IncidentState state, bool fr) => (state, fr) switch
    {
        (IncidentState.New, true) => "nouveau",
        (IncidentState.Triaged, true) => "pris en charge",
        (IncidentState.Investigating, true) => "en cours d'investigation",
        (IncidentState.Mitigating, true) => "correctif en cours",
        (IncidentState.Resolved, true) => "résolu",
        (IncidentState.PostMortem, true) => "résolu (analyse post-incident en cours)",
        (IncidentState.Closed, true) => "clos",
        (IncidentState.New, false) => "new",
        (IncidentState.Triaged, false) => "acknowledged",
        (IncidentState.Investigating, false) => "under investigation",
        (IncidentState.Mitigating, false) => "fix in progress",
        (IncidentState.Resolved, false) => "resolved",
        (IncidentState.PostMortem, false) => "resolved (post-incident review in progress)",
        (IncidentState.Closed, false) => "closed",
        _ => state.ToString(),
    };

    private static string NextUpdate(Priority priority, bool fr) => (priority, fr) switch
    {
        (Priority.P1, true) => "d'ici 30 minutes",
        (Priority.P2, true) => "d'ici 1 heure",
        (_, true) => "d'ici 4 heures",
        (Priority.P1, false) => "within 30 minutes",
        (Priority.P2, false) => "within 1 hour",
        _ => "within 4 hours",
    };

    private static string Impact(Incident incident, bool fr)
    {
        var impacts = incident.Triage?.Impact ?? [];
        if (impacts.Count == 0)
        {
            return fr ? "à qualifier" : "to be assessed";
        }

        var labels = impacts.Select(i => i switch
        {
            "production-down" => "Production",
            "payments" => fr ? "Paiements" : "Payments",
            "revenue" => "Revenue",
            "security" => fr ? "Sécurité" : "Security",
            "data-loss" => fr ? "Perte de données" : "Data loss",
            "all-users" => fr ? "Tous les utilisateurs" : "All users",
            _ => i,
        }).Distinct();
        return string.Join(" / ", labels);
    }

    private string Assignees(Incident incident, bool fr)
    {
        var teams = new List<string>();
        foreach (var skill in incident.Triage?.Skills ?? [])
        {
            var team = skill switch
            {
                "devops" => "DevOps",
                "backend-developer" or "backend" => "Backend",
                "frontend-developer" or "frontend" => "Frontend",
                "database" or "dba" => fr ? "Base de données" : "Database",
                "security" => fr ? "Sécurité" : "Security",
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

        var joined = string.Join(" + ", teams);
        return fr ? "Équipe " + joined : joined + (teams.Count > 1 ? " teams" : " team");
    }

    private static string Findings(Incident incident, bool fr)
    {
        var claims = incident.Tracks.SelectMany(t => t.Findings)
            .Where(f => f.Confidence >= 0.5)
            .OrderBy(f => f.At)
            .Select(f => "- " + CustomerWording.Finding(f, fr ? "fr" : "en"))
            .Distinct()
            .Take(5)
            .ToList();
        return claims.Count == 0
            ? (fr ? "- Les premières vérifications sont en cours." : "- First checks are in progress.")
            : string.Join('\n', claims);
    }

    private static string Actions(Incident incident, bool fr)
    {
        var done = incident.RootCause?.Remediations
            .Where(r => r.Status is RemediationStatus.Applied)
            .Select(r => CustomerWording.Action(r, fr ? "fr" : "en"))
            .ToList() ?? [];
        if (done.Count == 0)
        {
            done.Add(fr ? "Correctif appliqué et vérifié" : "Fix applied and verified");
        }

        return string.Join('\n', done.Select((d, i) => $"{i + 1}. {d}"));
    }

    private static string Prevention(Incident incident, bool fr)
    {
        var category = incident.RootCause?.Category ?? string.Empty;
        return PreventionCatalog.For(category, fr);
    }
}
