using System.Globalization;
using System.Text;
using AgentOps.Core.Model;

namespace AgentOps.Core.Orchestration;

/// <summary>
/// The CCPM steps for an incident: <c>prd-new</c> (investigation brief), <c>prd-parse</c> (investigation plan) and
/// <c>epic-decompose</c> (one track per component, a fix track depending on all of them).
/// Deterministic: derived from the incident's title, signals and triage, so it works offline.
/// </summary>
public static class InvestigationPlanner
{
    private static readonly (TrackKind Kind, string[] Words, string Hypothesis, string Component)[] Layers =
    [
        (TrackKind.Database, ["database", "base de données", "sql", "postgres", "query", "requête", "index", "migration", "deadlock", "lock", "timeout", "slow", "lent", "latence", "latency"],
            "Database contention: slow queries, missing index or connection pool saturation", "PostgreSQL: connections, slow statements, sequential scans, recent migrations"),
        (TrackKind.Cache, ["redis", "cache", "session", "login", "auth", "connexion", "timeout"],
            "Cache slowness or unavailability: Redis connection pool exhausted, evictions", "Redis: clients vs maxclients, memory, evictions, slow log"),
        (TrackKind.Network, ["network", "réseau", "dns", "load balancer", "nginx", "latency", "latence", "unreachable", "injoignable", "timeout"],
            "Network or load balancer: latency, DNS, unreachable upstream", "Network: health endpoints and latency probes"),
        (TrackKind.Application, ["500", "error", "erreur", "exception", "api", "payment", "paiement", "stripe", "key", "clé", "token", "crash", "bug"],
            "Application error: failing dependency, expired credential, recent deploy", "Application: error logs, templates and spikes, dependencies"),
        (TrackKind.Frontend, ["page", "browser", "navigateur", "blank", "blanche", "ui", "display", "affichage", "javascript"],
            "Front-end failure: broken build, client-side errors", "Front-end: page health and client errors"),
    ];

    /// <summary>Writes the investigation brief ("PRD") of <paramref name="incident"/>.</summary>
    public static InvestigationBrief CreateBrief(Incident incident, string? name = null)
    {
        var text = IncidentText(incident);
        var symptoms = new List<string> { incident.Title };
        symptoms.AddRange(incident.Timeline.Where(e => e.Kind == "signal")
            .SelectMany(e => e.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(line => line.Length is > 8 and < 200)
            .Take(5));
        if (incident.Triage is { } triage)
        {
            symptoms.AddRange(triage.Impact.Select(i => $"Impact: {i}"));
        }

        var hypotheses = MatchedLayers(text).Select(l => l.Hypothesis).ToList();
        var criteria = new List<string>
        {
            "The symptom no longer occurs (error rate and latency back to their baseline)",
            "The root cause is named with evidence",
        };
        if (incident.Sla is { } sla)
        {
            criteria.Add($"Resolved before the SLA deadline {sla.ResolveBy.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}");
        }

        if (incident.Customer is { } customer)
        {
            criteria.Add($"{customer.Domain} confirms the service works again");
        }

        return new InvestigationBrief(
            string.IsNullOrWhiteSpace(name) ? Slug(incident.Title) : Slug(name),
            $"Identify and fix the root cause of \"{incident.Title}\"{(incident.Customer is null ? string.Empty : $" reported by {incident.Customer.Domain}")}, priority {incident.Priority}.")
        {
            Symptoms = symptoms.Distinct().ToList(),
            Hypotheses = hypotheses,
            ResolutionCriteria = criteria,
        };
    }

    /// <summary>Turns a brief into an investigation plan ("epic"): monitoring first, then one component per hypothesis.</summary>
    public static InvestigationPlan CreatePlan(Incident incident, InvestigationBrief brief)
    {
        var layers = MatchedLayers(IncidentText(incident) + " " + string.Join(' ', brief.Hypotheses));
        var components = new List<PlanComponent> { new(TrackKind.Monitoring, "Monitoring: latency, error rate and saturation against a baseline") };
        components.AddRange(layers.Select(l => new PlanComponent(l.Kind, l.Component)));
        var steps = components.Select(c => $"Investigate {c.Kind.ToString().ToLowerInvariant()}: {c.Description}").ToList();
        steps.Add("Correlate the findings on one timeline and name the root cause");
        steps.Add("Apply the approved fix and verify the resolution criteria");
        return new InvestigationPlan { Components = components, Steps = steps };
    }

    /// <summary>Creates one track per plan component and a fix track that depends on all of them. Existing tracks are kept.</summary>
    /// <returns>The tracks created (none when the incident already has tracks).</returns>
    public static IReadOnlyList<Track> Decompose(Incident incident, InvestigationPlan plan)
    {
        if (incident.Tracks.Count > 0)
        {
            return [];
        }

        var created = new List<Track>();
        var number = 1;
        foreach (var component in plan.Components)
        {
            created.Add(new Track { Number = number++, Kind = component.Kind, Title = component.Description });
        }

        created.Add(new Track
        {
            Number = number,
            Kind = TrackKind.Fix,
            Title = "Production fix: apply and verify the approved remediation",
            DependsOn = created.Select(t => t.Number).ToList(),
        });
        incident.Tracks.AddRange(created);
        return created;
    }

    private static IEnumerable<(TrackKind Kind, string[] Words, string Hypothesis, string Component)> MatchedLayers(string text)
    {
        var matched = Layers.Where(l => l.Words.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase))).ToList();
        return matched.Count > 0 ? matched : Layers.Where(l => l.Kind is TrackKind.Application or TrackKind.Database);
    }

    private static string IncidentText(Incident incident)
    {
        var sb = new StringBuilder(incident.Title);
        foreach (var e in incident.Timeline.Where(e => e.Kind == "signal"))
        {
            sb.Append(' ').Append(e.Message);
        }

        if (incident.Triage is { } triage)
        {
            sb.Append(' ').Append(triage.Intent).Append(' ').AppendJoin(' ', triage.Impact);
        }

        return sb.ToString();
    }

    /// <summary>A lowercase ASCII slug of <paramref name="text"/> (at most 48 characters).</summary>
    public static string Slug(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        foreach (var c in normalized)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        var slug = sb.ToString().Trim('-');
        if (slug.Length > 48)
        {
            slug = slug[..48].TrimEnd('-');
        }

        return slug.Length == 0 ? "incident" : slug;
    }
}
