using System.Globalization;
using System.Text.RegularExpressions;
using AgentOps.Core.Model;
using AgentOps.Core.Triage;

namespace AgentOps.Core.Communication;

/// <summary>
/// Says the engine's findings, root cause and remediations (written in English by the diagnostic engine) in the
/// customer's language (French, German, Spanish), from their category and data. Only sentences that read as English
/// are reworded (a cause a person wrote in French stays as written); English keeps the engine's own sentences, and a
/// category with no wording keeps the engine's sentence too, rather than inventing one.
/// </summary>
public static partial class CustomerWording
{
    /// <summary>The root cause of <paramref name="incident"/> in <paramref name="language"/>; null when no root cause is established.</summary>
    public static string? Cause(Incident incident, string language)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var rca = incident.RootCause;
        if (rca is null)
        {
            return null;
        }

        if (CustomerPhrases.Of(language) is not { } phrases || !ReadsEnglish(rca.RootCause))
        {
            return rca.RootCause;
        }

        var data = RootFinding(incident)?.Data ?? new Dictionary<string, string>();
        return rca.Category switch
        {
            "app.expired-api-key" => phrases.ExpiredKeyCause(data.TryGetValue("provider", out var provider) ? Title(provider) : null),
            "db.missing-index" => phrases.MissingIndexCause(
                data.TryGetValue("table", out var table) && data.TryGetValue("column", out var column) ? $"{table}.{column}" : null),
            _ => phrases.Causes.GetValueOrDefault(rca.Category) ?? rca.RootCause,
        };
    }

    /// <summary>A finding in <paramref name="language"/>: its category's wording, else the engine's claim.</summary>
    public static string Finding(Finding finding, string language)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return CustomerPhrases.Of(language) is { } phrases && ReadsEnglish(finding.Claim)
            && finding.Category is { } category && phrases.Findings.TryGetValue(category, out var text)
            ? text
            : finding.Claim;
    }

    /// <summary>What a remediation did, in <paramref name="language"/>: its command read back, else the engine's description.</summary>
    public static string Action(Remediation remediation, string language)
    {
        ArgumentNullException.ThrowIfNull(remediation);
        if (CustomerPhrases.Of(language) is not { } phrases || !ReadsEnglish(remediation.Description))
        {
            return remediation.Description;
        }

        var action = remediation.Action;
        if (RotateSecret().Match(action) is { Success: true } rotated)
        {
            return phrases.NewKeyAction(Title(rotated.Groups["provider"].Value));
        }

        if (CreateIndex().Match(action) is { Success: true } index)
        {
            return phrases.IndexCreatedAction($"{index.Groups["table"].Value.Trim('"')}.{index.Groups["column"].Value.Trim('"')}");
        }

        if (MaxClients().Match(action) is { Success: true } max)
        {
            return phrases.MaxClientsAction(max.Groups["n"].Value);
        }

        if (action.Contains("pg_terminate_backend", StringComparison.Ordinal))
        {
            return phrases.TerminatedSessionAction;
        }

        return action.Contains("pool size", StringComparison.Ordinal) ? phrases.PoolResizedAction : remediation.Description;
    }

    private static bool ReadsEnglish(string text) => LanguageDetector.Detect(text, 1) == "en";

    private static Finding? RootFinding(Incident incident) =>
        incident.Tracks.SelectMany(t => t.Findings)
            .FirstOrDefault(f => f.Category == incident.RootCause!.Category && f.Claim == incident.RootCause.RootCause)
        ?? incident.Tracks.SelectMany(t => t.Findings).FirstOrDefault(f => f.Category == incident.RootCause!.Category);

    private static string Title(string name) =>
        name.Length == 0 ? name : char.ToUpper(name[0], CultureInfo.InvariantCulture) + name[1..];

    [GeneratedRegex(@"^rotate-secret (?<provider>[\w.]+?)(-api-key)?$")]
    private static partial Regex RotateSecret();

    [GeneratedRegex(@"^CREATE INDEX CONCURRENTLY \S+ ON (?<table>""[^""]+""|\w+) \((?<column>""[^""]+""|\w+)\)")]
    private static partial Regex CreateIndex();

    [GeneratedRegex(@"^CONFIG SET maxclients (?<n>\d+)")]
    private static partial Regex MaxClients();
}
