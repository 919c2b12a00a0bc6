using AgentOps.Core.Communication;
using AgentOps.Core.Model;

namespace AgentOps.Core.PostMortem;

/// <summary>Derives action items from the incident: remediations, the preventive measure of the root-cause category, contributing causes, detection delay and the runbook.</summary>
public static class ActionItemPlanner
{
    /// <summary>Detection slower than this (first evidence to incident creation) calls for a detection action.</summary>
    public static readonly TimeSpan DetectionTarget = TimeSpan.FromMinutes(15);

    /// <summary>Plans the action items of <paramref name="incident"/> as of <paramref name="today"/>.</summary>
    public static IReadOnlyList<ActionItem> Plan(Incident incident, DateOnly today, PostMortemOptions options)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(options);
        var urgent = today.AddDays(options.UrgentActionDueDays);
        var normal = today.AddDays(options.ActionDueDays);
        var rca = incident.RootCause;
        var owner = OwnerOf(rca?.Category ?? string.Empty);
        var items = new List<ActionItem>();
        foreach (var remediation in rca?.Remediations ?? [])
        {
            var done = remediation.Status == RemediationStatus.Applied;
            items.Add(new ActionItem(remediation.Description, owner, done ? today : urgent, done, $"remediation {remediation.Id} ({remediation.Status.ToString().ToLowerInvariant()})"));
        }

        if (rca is not null)
        {
            items.Add(new ActionItem(PreventionCatalog.For(rca.Category, french: false), "SRE / Observability", urgent, false, $"root cause category {rca.Category}"));
            foreach (var cause in rca.ContributingCauses)
            {
                items.Add(new ActionItem($"Remove the contributing cause: {cause}", OwnerOfText(cause, owner), normal, false, "contributing cause"));
            }
        }

        var start = IncidentClock.StartOf(incident);
        if (incident.CreatedAt - start > DetectionTarget || IncidentClock.DetectedByCustomer(incident))
        {
            items.Add(new ActionItem(
                $"Add an alert that detects '{rca?.Category ?? incident.Title}' before customers report it (detected {DurationText.Format(incident.CreatedAt - start)} after the start)",
                "SRE / Observability",
                urgent,
                false,
                "detection delay"));
        }

        items.Add(new ActionItem($"Review and publish the runbook docs/incidents/{incident.Id}-runbook.md", "On-call rotation lead", normal, false, "runbook draft"));
        return items;
    }

    /// <summary>The owning team of a root-cause category (a role, never a person).</summary>
    public static string OwnerOf(string category) => category.Split('.')[0].ToLowerInvariant() switch
    {
        "db" or "database" => "Database team",
        "cache" => "Platform team",
        "app" or "application" => "Backend team",
        "network" or "lb" or "dns" => "Network team",
        "deploy" or "release" => "Release engineering",
        "frontend" => "Frontend team",
        "security" => "Security team",
        "capacity" or "infra" => "Infrastructure team",
        _ => "Owning service team",
    };

    private static string OwnerOfText(string cause, string fallback)
    {
        var c = cause.ToLowerInvariant();
        return c switch
        {
            _ when c.Contains("monitor", StringComparison.Ordinal) || c.Contains("alert", StringComparison.Ordinal) => "SRE / Observability",
            _ when c.Contains("staging", StringComparison.Ordinal) || c.Contains("test", StringComparison.Ordinal) || c.Contains("review", StringComparison.Ordinal) => "Release engineering",
            _ when c.Contains("index", StringComparison.Ordinal) || c.Contains("pool", StringComparison.Ordinal) || c.Contains("query", StringComparison.Ordinal) || c.Contains("migration", StringComparison.Ordinal) => "Database team",
            _ => fallback,
        };
    }
}
