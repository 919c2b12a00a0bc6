namespace AgentOps.Core.Communication;

/// <summary>
/// The sentences <see cref="CustomerWording"/> uses for one customer language: a wording per finding category, the
/// root causes that need no data, and the causes and actions built from data (provider, table and column, limit).
/// </summary>
internal sealed record CustomerPhrases(
    IReadOnlyDictionary<string, string> Findings,
    IReadOnlyDictionary<string, string> Causes,
    Func<string?, string> ExpiredKeyCause,
    Func<string?, string> MissingIndexCause,
    Func<string, string> NewKeyAction,
    Func<string, string> IndexCreatedAction,
    Func<string, string> MaxClientsAction,
    string TerminatedSessionAction,
    string PoolResizedAction)
{
    private static readonly CustomerPhrases French = new(
        new Dictionary<string, string>(StringComparer.Ordinal)
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
        },
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cache.pool-exhausted"] = "Saturation des connexions au cache Redis (limite maxclients atteinte) : les appels attendaient une connexion",
            ["db.blocking"] = "Un verrou en base de données bloquait les autres requêtes",
            ["db.pool-saturated"] = "Saturation des connexions à la base de données",
            ["cache.memory-pressure"] = "Mémoire du cache Redis saturée",
        },
        provider => provider is null
            ? "Expiration de la clé API d'un prestataire externe utilisée par l'application"
            : $"Expiration de la clé API {provider} utilisée par l'application",
        column => column is null
            ? "Index manquant en base de données : les requêtes concernées parcouraient toute la table"
            : $"Index manquant sur {column} en base de données : les requêtes concernées parcouraient toute la table",
        provider => $"Nouvelle clé API {provider} déployée",
        column => $"Index créé sur {column} sans bloquer les écritures",
        limit => $"Limite de connexions Redis relevée à {limit}",
        "Session bloquante arrêtée en base de données",
        "Taille du pool de connexions de l'application ajustée");

    private static readonly CustomerPhrases German = new(
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["app.expired-api-key"] = "Der externe Anbieter lehnt den API-Schlüssel der Anwendung ab: Er ist abgelaufen",
            ["app.errors-5xx"] = "Anfragen schlagen mit einem Serverfehler (5xx) fehl",
            ["app.timeouts"] = "Anfragen laufen in eine Zeitüberschreitung, bevor eine Antwort kommt",
            ["app.no-expiry-warning"] = "Keine Warnung hat vor dem Ablauf gewarnt",
            ["metrics.error-rate-high"] = "Die Fehlerrate liegt deutlich über dem Normalwert",
            ["metrics.latency-high"] = "Die Antwortzeiten sind deutlich länger als üblich",
            ["metrics.saturation"] = "Eine Ressource ist ausgelastet",
            ["net.unhealthy"] = "Die Zustandsprüfung des Dienstes schlägt fehl",
            ["net.latency-high"] = "Der Dienst antwortet langsam oder mit Fehlern",
            ["db.missing-index"] = "In der Datenbank fehlt ein Index: Die betroffenen Abfragen lesen die ganze Tabelle",
            ["db.seq-scan"] = "Eine große Tabelle wird bei jeder Abfrage vollständig gelesen",
            ["db.slow-query"] = "Eine häufige Datenbankabfrage ist langsam",
            ["db.pool-saturated"] = "Die Verbindungen zur Datenbank sind ausgeschöpft",
            ["db.blocking"] = "Eine Sperre in der Datenbank blockiert andere Abfragen",
            ["db.recent-migration"] = "Eine kürzliche Migration hat die Datenbank geändert",
            ["cache.pool-exhausted"] = "Der Redis-Cache nimmt keine neuen Verbindungen mehr an: Sein Limit ist erreicht",
            ["cache.memory-pressure"] = "Der Speicher des Redis-Cache ist fast voll",
            ["cache.evictions"] = "Der Redis-Cache verdrängt Daten aus Platzmangel",
            ["cache.slow-commands"] = "Langsame Befehle bremsen den Redis-Cache",
            ["change.deploy"] = "Ein kürzliches Deployment ging dem Vorfall voraus",
        },
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cache.pool-exhausted"] = "Die Verbindungen zum Redis-Cache waren ausgeschöpft (Limit maxclients erreicht): Aufrufe warteten auf eine Verbindung",
            ["db.blocking"] = "Eine Sperre in der Datenbank blockierte die anderen Abfragen",
            ["db.pool-saturated"] = "Die Verbindungen zur Datenbank waren ausgeschöpft",
            ["cache.memory-pressure"] = "Der Speicher des Redis-Cache war voll",
        },
        provider => provider is null
            ? "Der von der Anwendung genutzte API-Schlüssel eines externen Anbieters ist abgelaufen"
            : $"Der von der Anwendung genutzte API-Schlüssel von {provider} ist abgelaufen",
        column => column is null
            ? "Fehlender Index in der Datenbank: Die betroffenen Abfragen lasen die ganze Tabelle"
            : $"Fehlender Index auf {column} in der Datenbank: Die betroffenen Abfragen lasen die ganze Tabelle",
        provider => $"Neuer API-Schlüssel von {provider} bereitgestellt",
        column => $"Index auf {column} angelegt, ohne Schreibzugriffe zu blockieren",
        limit => $"Verbindungslimit von Redis auf {limit} angehoben",
        "Blockierende Datenbanksitzung beendet",
        "Größe des Verbindungspools der Anwendung angepasst");

    private static readonly CustomerPhrases Spanish = new(
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["app.expired-api-key"] = "El proveedor externo rechaza la clave API de la aplicación: ha caducado",
            ["app.errors-5xx"] = "Algunas solicitudes fallan con un error del servidor (5xx)",
            ["app.timeouts"] = "Algunas solicitudes agotan el tiempo de espera antes de obtener respuesta",
            ["app.no-expiry-warning"] = "Ninguna alerta avisó de la caducidad",
            ["metrics.error-rate-high"] = "La tasa de errores está claramente por encima de lo normal",
            ["metrics.latency-high"] = "Los tiempos de respuesta son claramente más largos de lo habitual",
            ["metrics.saturation"] = "Un recurso está saturado",
            ["net.unhealthy"] = "La comprobación de estado del servicio falla",
            ["net.latency-high"] = "El servicio responde con lentitud o con errores",
            ["db.missing-index"] = "Falta un índice en la base de datos: las consultas afectadas recorren toda la tabla",
            ["db.seq-scan"] = "Una tabla grande se lee entera en cada consulta",
            ["db.slow-query"] = "Una consulta frecuente a la base de datos es lenta",
            ["db.pool-saturated"] = "Las conexiones a la base de datos están agotadas",
            ["db.blocking"] = "Un bloqueo en la base de datos detiene otras consultas",
            ["db.recent-migration"] = "Una migración reciente modificó la base de datos",
            ["cache.pool-exhausted"] = "La caché Redis rechaza nuevas conexiones: ha alcanzado su límite",
            ["cache.memory-pressure"] = "La memoria de la caché Redis está casi llena",
            ["cache.evictions"] = "La caché Redis descarta datos por falta de espacio",
            ["cache.slow-commands"] = "Comandos lentos ralentizan la caché Redis",
            ["change.deploy"] = "Un despliegue reciente precedió al incidente",
        },
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cache.pool-exhausted"] = "Conexiones a la caché Redis agotadas (límite maxclients alcanzado): las llamadas esperaban una conexión",
            ["db.blocking"] = "Un bloqueo en la base de datos detenía las demás consultas",
            ["db.pool-saturated"] = "Conexiones a la base de datos agotadas",
            ["cache.memory-pressure"] = "Memoria de la caché Redis llena",
        },
        provider => provider is null
            ? "Caducidad de la clave API de un proveedor externo utilizada por la aplicación"
            : $"Caducidad de la clave API de {provider} utilizada por la aplicación",
        column => column is null
            ? "Falta un índice en la base de datos: las consultas afectadas recorrían toda la tabla"
            : $"Falta un índice en {column} en la base de datos: las consultas afectadas recorrían toda la tabla",
        provider => $"Nueva clave API de {provider} desplegada",
        column => $"Índice creado en {column} sin bloquear las escrituras",
        limit => $"Límite de conexiones de Redis elevado a {limit}",
        "Sesión bloqueante de la base de datos terminada",
        "Tamaño del pool de conexiones de la aplicación ajustado");

    /// <summary>The phrases of <paramref name="language"/> (<c>fr</c>, <c>de</c>, <c>es</c>); null for English and unsupported languages.</summary>
    public static CustomerPhrases? Of(string language) => language switch
    {
        "fr" => French,
        "de" => German,
        "es" => Spanish,
        _ => null,
    };
}
