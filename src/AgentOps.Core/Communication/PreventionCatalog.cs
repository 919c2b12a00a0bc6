namespace AgentOps.Core.Communication;

/// <summary>The preventive measure announced to customers for common root-cause categories.</summary>
public static class PreventionCatalog
{
    private static readonly (string Prefix, string French, string English)[] Entries =
    [
        ("app.expired-api-key", "Alerte automatique ajoutée 7 jours avant expiration", "Automatic alert added 7 days before expiry"),
        ("app.expired-certificate", "Alerte automatique ajoutée 30 jours avant l'expiration des certificats", "Automatic alert added 30 days before certificates expire"),
        ("db.missing-index", "Revue des migrations et test de performance obligatoires avant la mise en production", "Migration review and performance test required before production"),
        ("db.pool-exhausted", "Alerte sur la saturation du pool de connexions et dimensionnement revu", "Alert on connection pool saturation and pool sizing reviewed"),
        ("db.", "Surveillance renforcée de la base de données", "Closer monitoring of the database"),
        ("cache.", "Surveillance du cache et limites de connexions revues", "Cache monitoring and connection limits reviewed"),
        ("network.", "Surveillance réseau renforcée et procédure de bascule documentée", "Closer network monitoring and a documented failover procedure"),
        ("deploy.", "Déploiements progressifs avec retour arrière automatique", "Progressive deployments with automatic rollback"),
        ("capacity.", "Alertes de capacité ajoutées avant saturation", "Capacity alerts added before saturation"),
    ];

    /// <summary>The measure for <paramref name="category"/> in French or English; a generic sentence when none is known.</summary>
    public static string For(string category, bool french)
    {
        ArgumentNullException.ThrowIfNull(category);
        foreach (var (prefix, fr, en) in Entries)
        {
            if (category.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return french ? fr : en;
            }
        }

        return french
            ? "Une analyse post-incident est en cours ; les actions préventives vous seront communiquées"
            : "A post-incident review is under way; the preventive actions will be shared with you";
    }
}
