namespace AgentOps.Core.Triage;

/// <summary>
/// The words and phrases of the rules classifier, in English, French, German and Spanish. Weights: 3 for words that
/// alone mean "urgent", 2 for strong hints, 1 for weak ones.
/// </summary>
public static class TriageLexicon
{
    /// <summary>Urgency words.</summary>
    public static IReadOnlyList<LexiconTerm> Urgency { get; } =
    [
        T("urgent", "en", 3), T("urgently", "en", 3), T("emergency", "en", 3), T("critical", "en", 3), T("asap", "*", 3),
        T("as soon as possible", "en", 3), T("immediately", "en", 3), T("top priority", "en", 3), T("highest priority", "en", 3),
        T("blocker", "en", 3), T("showstopper", "en", 3), T("sev1", "*", 3), T("severity 1", "en", 3), T("p1", "*", 3),
        T("blocked", "en", 2), T("blocking", "en", 2), T("important", "en", 1), T("quickly", "en", 1), T("time sensitive", "en", 2),
        T("urgence", "fr", 3), T("urgemment", "fr", 3), T("critique", "fr", 3), T("immédiatement", "fr", 3), T("au plus vite", "fr", 3),
        T("dès que possible", "fr", 3), T("au plus tôt", "fr", 2), T("priorité absolue", "fr", 3), T("bloquant", "fr", 3),
        T("bloqu*", "fr", 2), T("rapidement", "fr", 1),
        T("dringend", "de", 3), T("eilig", "de", 3), T("notfall", "de", 3), T("kritisch", "de", 3), T("sofort", "de", 3),
        T("so schnell wie möglich", "de", 3), T("höchste priorität", "de", 3), T("blockiert", "de", 2), T("wichtig", "de", 1),
        T("schnell", "de", 1),
        T("urgente", "es", 3), T("urgencia", "es", 3), T("crítico", "es", 3), T("crítica", "es", 3), T("inmediatamente", "es", 3),
        T("lo antes posible", "es", 3), T("cuanto antes", "es", 3), T("máxima prioridad", "es", 3), T("bloqueado", "es", 2),
        T("bloqueada", "es", 2), T("bloqueados", "es", 2), T("importante", "es", 1), T("rápido", "es", 1),
    ];

    /// <summary>Impact categories (production-down, all-users, revenue, payments, security, data-loss) and their phrases.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<LexiconTerm>> Impact { get; } = new Dictionary<string, IReadOnlyList<LexiconTerm>>
    {
        ["production-down"] =
        [
            T("production down", "en"), T("prod down", "en"), T("site down", "en"), T("site is down", "en"), T("is down", "en"),
            T("are down", "en"), T("outage", "en"), T("service unavailable", "en"), T("not reachable", "en"), T("unreachable", "en"),
            T("in production", "en"), T("production is", "en"),
            T("en production", "fr"), T("en panne", "fr"), T("panne", "fr"), T("hors service", "fr"), T("indisponible", "fr"),
            T("inaccessible", "fr"), T("production arrêtée", "fr"),
            T("ausgefallen", "de"), T("ausfall", "de"), T("produktion steht", "de"), T("nicht erreichbar", "de"), T("in der produktion", "de"),
            T("caído", "es"), T("caída", "es"), T("fuera de servicio", "es"), T("en producción", "es"), T("no disponible", "es"),
        ],
        ["all-users"] =
        [
            T("all users", "en"), T("all customers", "en"), T("all our customers", "en"), T("everyone", "en"), T("nobody can", "en"),
            T("no one can", "en"), T("customers cannot", "en"), T("customers can't", "en"), T("users cannot", "en"), T("users can't", "en"),
            T("tous les utilisateurs", "fr"), T("tous les clients", "fr"), T("tout le monde", "fr"), T("personne ne peut", "fr"),
            T("les clients ne peuvent", "fr"), T("les utilisateurs ne peuvent", "fr"),
            T("alle benutzer", "de"), T("alle nutzer", "de"), T("alle kunden", "de"), T("niemand kann", "de"), T("kunden können nicht", "de"),
            T("todos los usuarios", "es"), T("todos los clientes", "es"), T("nadie puede", "es"), T("los clientes no pueden", "es"),
        ],
        ["revenue"] =
        [
            T("revenue", "en"), T("lost sales", "en"), T("losing sales", "en"), T("losing money", "en"), T("lost orders", "en"),
            T("perdons des ventes", "fr"), T("perte de ventes", "fr"), T("ventes perdues", "fr"), T("chiffre d'affaires", "fr"),
            T("perdons de l'argent", "fr"),
            T("umsatz*", "de"), T("verlieren geld", "de"), T("verlorene verkäufe", "de"),
            T("ingresos", "es"), T("perdiendo ventas", "es"), T("perdemos ventas", "es"), T("perdiendo dinero", "es"),
        ],
        ["payments"] =
        [
            T("payment*", "en"), T("checkout", "en"), T("pay", "en"), T("credit card", "en"), T("stripe", "*"), T("paypal", "*"),
            T("paiement*", "fr"), T("payer", "fr"), T("carte bancaire", "fr"),
            T("zahlung*", "de"), T("bezahlen", "de"), T("bezahlung", "de"), T("kreditkarte", "de"),
            T("pago*", "es"), T("pagar", "es"), T("tarjeta de crédito", "es"),
        ],
        ["security"] =
        [
            T("security breach", "en"), T("breach", "en"), T("hacked", "en"), T("vulnerability", "en"), T("phishing", "en"),
            T("malware", "en"), T("ransomware", "en"), T("unauthorized access", "en"), T("compromised", "en"), T("data leak", "en"),
            T("cve", "*"),
            T("faille", "fr"), T("piratage", "fr"), T("piraté", "fr"), T("fuite de données", "fr"), T("accès non autorisé", "fr"),
            T("sicherheitslücke", "de"), T("gehackt", "de"), T("datenleck", "de"), T("unbefugter zugriff", "de"),
            T("brecha de seguridad", "es"), T("vulnerabilidad", "es"), T("hackeado", "es"), T("acceso no autorizado", "es"),
        ],
        ["data-loss"] =
        [
            T("data loss", "en"), T("lost data", "en"), T("data was deleted", "en"), T("data corruption", "en"), T("corrupted", "en"),
            T("perte de données", "fr"), T("données perdues", "fr"), T("données supprimées", "fr"), T("corrompu*", "fr"),
            T("datenverlust", "de"), T("daten verloren", "de"), T("daten gelöscht", "de"), T("beschädigt", "de"),
            T("pérdida de datos", "es"), T("datos perdidos", "es"), T("datos borrados", "es"), T("corrupto*", "es"),
        ],
    };

    /// <summary>Intents and their phrases.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<LexiconTerm>> Intents { get; } = new Dictionary<string, IReadOnlyList<LexiconTerm>>
    {
        [TriageIntents.Outage] =
        [
            T("down", "en", 2), T("outage", "en", 2), T("unavailable", "en", 2), T("unreachable", "en", 2), T("not responding", "en", 2),
            T("panne", "fr", 2), T("hors service", "fr", 2), T("indisponible", "fr", 2), T("inaccessible", "fr", 2), T("ne répond plus", "fr", 2),
            T("ausfall", "de", 2), T("ausgefallen", "de", 2), T("nicht erreichbar", "de", 2), T("antwortet nicht", "de", 2),
            T("caído", "es", 2), T("caída", "es", 2), T("fuera de servicio", "es", 2), T("no responde", "es", 2),
        ],
        [TriageIntents.Bug] =
        [
            T("bug", "*", 2), T("error*", "en"), T("exception", "en"), T("crash*", "en"), T("broken", "en"), T("not working", "en"),
            T("doesn't work", "en"), T("does not work", "en"), T("fails", "en"), T("failed", "en"), T("failing", "en"), T("regression", "en"),
            T("cannot", "en"), T("can't", "en"), T("stack trace", "en"), T("500", "*"), T("blocked", "en"),
            T("erreur*", "fr"), T("plantage", "fr"), T("plante", "fr"), T("ne fonctionne pas", "fr"), T("ne fonctionne plus", "fr"),
            T("ne marche pas", "fr"), T("ne marche plus", "fr"), T("ne peuvent plus", "fr"), T("ne peut plus", "fr"), T("impossible de", "fr"),
            T("échoue*", "fr"), T("échec", "fr"), T("bloqu*", "fr"), T("dysfonctionnement", "fr"),
            T("fehler*", "de"), T("absturz", "de"), T("abgestürzt", "de"), T("stürzt ab", "de"), T("funktioniert nicht", "de"),
            T("funktioniert nicht mehr", "de"), T("kann nicht", "de"), T("können nicht", "de"), T("fehlgeschlagen", "de"), T("blockiert", "de"),
            T("fallo", "es"), T("falla", "es"), T("no funciona", "es"), T("no puedo", "es"), T("no pueden", "es"), T("se bloquea", "es"),
        ],
        [TriageIntents.Performance] =
        [
            T("slow*", "en", 2), T("latency", "en", 2), T("timeout*", "en", 2), T("timed out", "en", 2), T("performance", "*", 2),
            T("high cpu", "en", 2), T("memory leak", "en", 2), T("takes forever", "en", 2),
            T("lent*", "fr", 2), T("lenteur*", "fr", 2), T("latence", "fr", 2), T("temps de réponse", "fr", 2),
            T("langsam", "de", 2), T("verzögerung*", "de", 2), T("ladezeit*", "de", 2), T("leistung", "de", 2),
            T("lento", "es", 2), T("lentitud", "es", 2), T("rendimiento", "es", 2), T("tiempo de respuesta", "es", 2),
        ],
        [TriageIntents.Security] =
        [
            T("security", "en", 2), T("breach", "en", 3), T("hacked", "en", 3), T("vulnerability", "en", 3), T("phishing", "en", 3),
            T("malware", "en", 3), T("ransomware", "en", 3), T("unauthorized", "en", 2), T("compromised", "en", 3), T("cve", "*", 3),
            T("sécurité", "fr", 2), T("faille", "fr", 3), T("piratage", "fr", 3), T("piraté", "fr", 3), T("non autorisé", "fr", 2),
            T("sicherheit", "de", 2), T("sicherheitslücke", "de", 3), T("gehackt", "de", 3), T("unbefugt*", "de", 2),
            T("seguridad", "es", 2), T("vulnerabilidad", "es", 3), T("hackeado", "es", 3), T("no autorizado", "es", 2),
        ],
        [TriageIntents.Billing] =
        [
            T("invoice*", "en", 2), T("billing", "en", 2), T("billed", "en", 2), T("charged", "en", 2), T("refund*", "en", 2),
            T("subscription", "en", 2), T("pricing", "en", 1),
            T("facture*", "fr", 2), T("facturation", "fr", 2), T("facturé", "fr", 2), T("remboursement", "fr", 2), T("abonnement", "*", 2),
            T("rechnung*", "de", 2), T("abrechnung", "de", 2), T("erstattung", "de", 2), T("gutschrift", "de", 2),
            T("factura*", "es", 2), T("facturación", "es", 2), T("reembolso", "es", 2), T("suscripción", "es", 2), T("cobro", "es", 2),
        ],
        [TriageIntents.Question] =
        [
            T("how do i", "en", 2), T("how can i", "en", 2), T("how to", "en", 2), T("question", "en", 2), T("is it possible", "en", 2),
            T("could you explain", "en", 2), T("information", "en", 1), T("wondering", "en", 2), T("documentation", "en", 1),
            T("comment faire", "fr", 2), T("est-ce que", "fr", 1), T("est-il possible", "fr", 2), T("renseignement*", "fr", 2),
            T("wie kann ich", "de", 2), T("frage", "de", 2), T("ist es möglich", "de", 2), T("informationen", "de", 1),
            T("cómo puedo", "es", 2), T("pregunta", "es", 2), T("es posible", "es", 2), T("información", "es", 1),
        ],
        [TriageIntents.FeatureRequest] =
        [
            T("feature request", "en", 3), T("feature", "en", 2), T("would be nice", "en", 2), T("it would be great", "en", 2),
            T("please add", "en", 2), T("add support", "en", 2), T("enhancement", "en", 2), T("suggestion", "*", 2), T("proposal", "en", 2),
            T("nouvelle fonctionnalité", "fr", 3), T("fonctionnalité", "fr", 2), T("serait bien", "fr", 2), T("pourriez-vous ajouter", "fr", 2),
            T("neue funktion", "de", 3), T("funktionswunsch", "de", 3), T("wäre schön", "de", 2), T("vorschlag", "de", 2),
            T("nueva funcionalidad", "es", 3), T("funcionalidad", "es", 2), T("sería útil", "es", 2), T("sería genial", "es", 2),
        ],
        [TriageIntents.ChangeRequest] =
        [
            T("change request", "en", 3), T("please change", "en", 2), T("please update", "en", 2), T("modify", "en", 1),
            T("migrate", "en", 1), T("upgrade", "en", 1), T("rename", "en", 1), T("reconfigure", "en", 1),
            T("demande de modification", "fr", 3), T("demande de changement", "fr", 3), T("modifier", "fr", 1), T("mettre à jour", "fr", 1),
            T("änderungsantrag", "de", 3), T("bitte ändern", "de", 2), T("ändern", "de", 1), T("aktualisieren", "de", 1),
            T("solicitud de cambio", "es", 3), T("cambiar", "es", 1), T("actualizar", "es", 1), T("modificar", "es", 1),
        ],
    };

    private static LexiconTerm T(string phrase, string language, double weight = 1.0) => new(phrase, language, weight);
}
