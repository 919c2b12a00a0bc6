using System.Globalization;
using System.Text.RegularExpressions;
using AgentOps.Core.Model;
using AgentOps.Core.Triage;

namespace AgentOps.Core.Communication;

/// <summary>
/// Says the engine's findings, root cause and remediations (written in English by the diagnostic engine) in the
/// customer's language, from their category and data. Only sentences that read as English are reworded (a cause a person
/// wrote in French stays as written); English keeps the engine's own sentences, and a category with no wording in the
/// language keeps the engine's sentence too, rather than inventing one.
/// </summary>
public static partial class CustomerWording
{
    private static readonly Dictionary<string, string> FrenchFindings = new(StringComparer.Ordinal)
    {
        ["app.expired-api-key"] = "Le prestataire externe refuse la clé API de l'application : elle a expiré",
        ["app.errors-5xx"] = "Des requêtes échouent avec une erreur serveur (5xx)",
        ["app.timeouts"] = "Des requêtes expirent avant d'obtenir une réponse",
        ["app.no-expiry-warning"] = "Aucune alerte n'a prévenu de l'expiration",
        ["metrics.error-rate-high"] = "Le taux d'erreur est nettement au-dessus de la normale",
        ["metrics.latency-high"] = "Les temps de réponse sont nettement plus longs que d'habitude",
        ["metrics.saturation"] = "Une ressource est saturée",
        ["net.unhealthy"] = "Le contrôle de santé du service échoue",
        ["net.latency-high"] = "Le service répond lentement ou en erreur",
        ["db.missing-index"] = "Un index manque en base de données : les requêtes concernées parcourent toute la table",
        ["db.seq-scan"] = "Une table volumineuse est lue intégralement à chaque requête",
        ["db.slow-query"] = "Une requête fréquente en base de données est lente",
        ["db.pool-saturated"] = "Les connexions à la base de données sont saturées",
        ["db.blocking"] = "Un verrou en base de données bloque d'autres requêtes",
        ["db.recent-migration"] = "Une migration récente a modifié la base de données",
        ["cache.pool-exhausted"] = "Le cache Redis refuse de nouvelles connexions : sa limite est atteinte",
        ["cache.memory-pressure"] = "La mémoire du cache Redis est presque pleine",
        ["cache.evictions"] = "Le cache Redis évince des données faute de place",
        ["cache.slow-commands"] = "Des commandes lentes ralentissent le cache Redis",
        ["change.deploy"] = "Un déploiement récent a précédé l'incident",
    };

    /// <summary>The root cause of <paramref name="incident"/> in <paramref name="language"/>; null when no root cause is established.</summary>
    public static string? Cause(Incident incident, string language)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var rca = incident.RootCause;
        if (rca is null)
        {
            return null;
        }

        if (language != "fr" || !ReadsEnglish(rca.RootCause))
        {
            return rca.RootCause;
        }

        var data = RootFinding(incident)?.Data ?? new Dictionary<string, string>();
        return rca.Category switch
        {
            "app.expired-api-key" => data.TryGetValue("provider", out var provider)
                ? $"Expiration de la clé API {Title(provider)} utilisée par l'application"
                : "Expiration de la clé API d'un prestataire externe utilisée par l'application",
            "db.missing-index" => data.TryGetValue("table", out var table) && data.TryGetValue("column", out var column)
                ? $"Index manquant sur {table}.{column} en base de données : les requêtes concernées parcouraient toute la table"
                : "Index manquant en base de données : les requêtes concernées parcouraient toute la table",
            "cache.pool-exhausted" => "Saturation des connexions au cache Redis (limite maxclients atteinte) : les appels attendaient une connexion",
            "db.blocking" => "Un verrou en base de données bloquait les autres requêtes",
            "db.pool-saturated" => "Saturation des connexions à la base de données",
            "cache.memory-pressure" => "Mémoire du cache Redis saturée",
            _ => rca.RootCause,
        };
    }

    /// <summary>A finding in <paramref name="language"/>: its category's wording, else the engine's claim.</summary>
    public static string Finding(Finding finding, string language)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return language == "fr" && ReadsEnglish(finding.Claim) && finding.Category is { } category && FrenchFindings.TryGetValue(category, out var text)
            ? text
            : finding.Claim;
    }

    /// <summary>What a remediation did, in <paramref name="language"/>: its command read back, else the engine's description.</summary>
    public static string Action(Remediation remediation, string language)
    {
        ArgumentNullException.ThrowIfNull(remediation);
        if (language != "fr" || !ReadsEnglish(remediation.Description))
        {
            return remediation.Description;
        }

        var action = remediation.Action;
        if (RotateSecret().Match(action) is { Success: true } rotated)
        {
            return $"Nouvelle clé API {Title(rotated.Groups["provider"].Value)} déployée";
        }

        if (CreateIndex().Match(action) is { Success: true } index)
        {
            return $"Index créé sur {index.Groups["table"].Value.Trim('"')}.{index.Groups["column"].Value.Trim('"')} sans bloquer les écritures";
        }

        if (MaxClients().Match(action) is { Success: true } max)
        {
            return $"Limite de connexions Redis relevée à {max.Groups["n"].Value}";
        }

        if (action.Contains("pg_terminate_backend", StringComparison.Ordinal))
        {
            return "Session bloquante arrêtée en base de données";
        }

        return action.Contains("pool size", StringComparison.Ordinal)
            ? "Taille du pool de connexions de l'application ajustée"
            : remediation.Description;
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
