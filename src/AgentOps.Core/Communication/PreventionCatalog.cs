namespace AgentOps.Core.Communication;

/// <summary>The preventive measure announced to customers for common root-cause categories, in English, French, German and Spanish.</summary>
public static class PreventionCatalog
{
    private static readonly (string Prefix, string[] Texts)[] Entries =
    [
        ("app.expired-api-key", ["Automatic alert added 7 days before expiry", "Alerte automatique ajoutée 7 jours avant expiration", "Automatische Warnung 7 Tage vor Ablauf eingerichtet", "Alerta automática añadida 7 días antes de la caducidad"]),
        ("app.expired-certificate", ["Automatic alert added 30 days before certificates expire", "Alerte automatique ajoutée 30 jours avant l'expiration des certificats", "Automatische Warnung 30 Tage vor Ablauf der Zertifikate eingerichtet", "Alerta automática añadida 30 días antes de la caducidad de los certificados"]),
        ("db.missing-index", ["Migration review and performance test required before production", "Revue des migrations et test de performance obligatoires avant la mise en production", "Migrationsprüfung und Lasttest vor jeder Produktivsetzung verpflichtend", "Revisión de migraciones y prueba de rendimiento obligatorias antes de producción"]),
        ("db.pool-exhausted", ["Alert on connection pool saturation and pool sizing reviewed", "Alerte sur la saturation du pool de connexions et dimensionnement revu", "Warnung bei Auslastung des Verbindungspools und Poolgröße überprüft", "Alerta de saturación del pool de conexiones y tamaño del pool revisado"]),
        ("db.", ["Closer monitoring of the database", "Surveillance renforcée de la base de données", "Engmaschigere Überwachung der Datenbank", "Supervisión reforzada de la base de datos"]),
        ("cache.", ["Cache monitoring and connection limits reviewed", "Surveillance du cache et limites de connexions revues", "Cache-Überwachung und Verbindungslimits überprüft", "Supervisión de la caché y límites de conexión revisados"]),
        ("network.", ["Closer network monitoring and a documented failover procedure", "Surveillance réseau renforcée et procédure de bascule documentée", "Engmaschigere Netzwerküberwachung und dokumentiertes Failover-Verfahren", "Supervisión de red reforzada y procedimiento de conmutación documentado"]),
        ("deploy.", ["Progressive deployments with automatic rollback", "Déploiements progressifs avec retour arrière automatique", "Schrittweise Deployments mit automatischem Rollback", "Despliegues progresivos con vuelta atrás automática"]),
        ("capacity.", ["Capacity alerts added before saturation", "Alertes de capacité ajoutées avant saturation", "Kapazitätswarnungen vor der Auslastungsgrenze eingerichtet", "Alertas de capacidad añadidas antes de la saturación"]),
    ];

    private static readonly string[] Generic =
    [
        "A post-incident review is under way; the preventive actions will be shared with you",
        "Une analyse post-incident est en cours ; les actions préventives vous seront communiquées",
        "Eine Nachbetrachtung läuft; die vorbeugenden Maßnahmen teilen wir Ihnen mit",
        "Hay una revisión posterior en curso; le comunicaremos las acciones preventivas",
    ];

    /// <summary>The measure for <paramref name="category"/> in French or English; a generic sentence when none is known.</summary>
    public static string For(string category, bool french) => For(category, french ? "fr" : "en");

    /// <summary>The measure for <paramref name="category"/> in <paramref name="language"/> (<c>en</c>, <c>fr</c>, <c>de</c>, <c>es</c>; English otherwise); a generic sentence when none is known.</summary>
    public static string For(string category, string language)
    {
        ArgumentNullException.ThrowIfNull(category);
        var index = Math.Max(0, CommunicationLanguage.All.ToList().IndexOf(CommunicationLanguage.Of(language)));
        foreach (var (prefix, texts) in Entries)
        {
            if (category.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return texts[index];
            }
        }

        return Generic[index];
    }
}
