using System.Text;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// The labels AgentOps manages: <c>incident</c>, <c>priority:P1</c>…<c>P4</c>, <c>state:*</c>, <c>track:*</c>,
/// <c>epic:&lt;slug&gt;</c> and <c>customer:&lt;domain&gt;</c>. Labels with other names are left alone.
/// </summary>
public static class GitHubLabelCatalog
{
    /// <summary>The label on every issue AgentOps creates.</summary>
    public const string Incident = "incident";

    private static readonly string[] ManagedPrefixes = ["priority:", "state:", "track:", "epic:", "customer:"];

    /// <summary>Whether AgentOps owns this label (it may add and remove it).</summary>
    public static bool IsManaged(string name) =>
        name == Incident || ManagedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The <c>epic:&lt;slug&gt;</c> label of an incident: the brief's name, or a slug of the title; at most 50 characters.</summary>
    public static string EpicLabel(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var slug = Slug(incident.Brief?.Name is { Length: > 0 } name ? name : incident.Title);
        if (slug.Length == 0)
        {
            slug = Slug(incident.Id);
        }

        return "epic:" + (slug.Length > 45 ? slug[..45].TrimEnd('-') : slug);
    }

    /// <summary><c>priority:P2</c>.</summary>
    public static string PriorityLabel(Priority priority) => $"priority:{priority}";

    /// <summary><c>state:investigating</c>.</summary>
    public static string StateLabel(IncidentState state) => "state:" + CommandWords.ToKebab(state.ToString());

    /// <summary><c>state:in-progress</c>.</summary>
    public static string StateLabel(TrackState state) => "state:" + CommandWords.ToKebab(state.ToString());

    /// <summary><c>track:load-balancer</c>.</summary>
    public static string TrackLabel(TrackKind kind) => "track:" + CommandWords.ToKebab(kind.ToString());

    /// <summary><c>customer:client-existant.fr</c>, at most 50 characters.</summary>
    public static string CustomerLabel(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var name = "customer:" + customer.Domain.ToLowerInvariant();
        return name.Length > 50 ? name[..50] : name;
    }

    /// <summary>Every label an incident's issues use, with colours, for provisioning before any issue is created.</summary>
    public static IReadOnlyList<GitHubLabel> For(Incident incident, bool customerLabels)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var labels = new List<GitHubLabel> { new(Incident, "d73a4a", "Incident handled by AgentOps") };
        string[] priorityColours = ["b60205", "d93f0b", "fbca04", "0e8a16"];
        foreach (var priority in Enum.GetValues<Priority>())
        {
            labels.Add(new(PriorityLabel(priority), priorityColours[(int)priority - 1], $"Priority {priority}"));
        }

        foreach (var state in Enum.GetValues<IncidentState>())
        {
            labels.Add(new(StateLabel(state), "5319e7", $"Incident state: {state}"));
        }

        foreach (var state in Enum.GetValues<TrackState>())
        {
            labels.Add(new(StateLabel(state), "1d76db", $"Track state: {state}"));
        }

        foreach (var kind in Enum.GetValues<TrackKind>())
        {
            labels.Add(new(TrackLabel(kind), "c5def5", $"Investigation track: {kind}"));
        }

        labels.Add(new(EpicLabel(incident), "3e4b9e", $"Issues of {incident.Id}"));
        if (customerLabels && incident.Customer is { } customer)
        {
            labels.Add(new(CustomerLabel(customer), "f9d0c4", $"Customer {customer.Name}"));
        }

        return labels.DistinctBy(l => l.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant().Normalize(NormalizationForm.FormD))
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                sb.Append(c);
            }
            else if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark
                && sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        return sb.ToString().Trim('-');
    }
}
