using AgentOps.Core.Model;

namespace AgentOps.Core.Communication;

/// <summary>
/// The fixed words of customer communications in one language (English, French, German, Spanish): greetings, status
/// words, time formats, SLA verdicts. The templates themselves are the prompt functions <c>Communication/&lt;Kind&gt;&lt;Lang&gt;</c>.
/// </summary>
public sealed class CommunicationLanguage
{
    private readonly Dictionary<IncidentState, string> _states;
    private readonly Dictionary<string, string> _words;

    private CommunicationLanguage(string code, string name, Dictionary<IncidentState, string> states, Dictionary<string, string> words)
    {
        Code = code;
        Name = name;
        _states = states;
        _words = words;
    }

    /// <summary>English (the default).</summary>
    public static CommunicationLanguage English { get; } = new("en", "English", new()
    {
        [IncidentState.New] = "new", [IncidentState.Triaged] = "acknowledged", [IncidentState.Investigating] = "under investigation",
        [IncidentState.Mitigating] = "fix in progress", [IncidentState.Resolved] = "resolved",
        [IncidentState.PostMortem] = "resolved (post-incident review in progress)", [IncidentState.Closed] = "closed",
    }, new()
    {
        ["hello"] = "Hello", ["unknown"] = "unknown", ["none"] = "none", ["none-f"] = "none", ["to-assess"] = "to be assessed",
        ["next-p1"] = "within 30 minutes", ["next-p2"] = "within 1 hour", ["next"] = "within 4 hours",
        ["payments"] = "Payments", ["security"] = "Security", ["data-loss"] = "Data loss", ["all-users"] = "All users", ["database"] = "Database",
        ["first-checks"] = "First checks are in progress.", ["analysis"] = "analysis in progress", ["fix-applied"] = "Fix applied and verified",
        ["sla-met"] = "SLA {0} met ✅", ["sla-missed"] = "SLA {0} missed ❌", ["resolved-tag"] = "RESOLVED", ["date"] = "yyyy-MM-dd", ["time"] = "HH:mm",
    });

    /// <summary>French.</summary>
    public static CommunicationLanguage French { get; } = new("fr", "French", new()
    {
        [IncidentState.New] = "nouveau", [IncidentState.Triaged] = "pris en charge", [IncidentState.Investigating] = "en cours d'investigation",
        [IncidentState.Mitigating] = "correctif en cours", [IncidentState.Resolved] = "résolu",
        [IncidentState.PostMortem] = "résolu (analyse post-incident en cours)", [IncidentState.Closed] = "clos",
    }, new()
    {
        ["hello"] = "Bonjour", ["unknown"] = "non renseigné", ["none"] = "non défini", ["none-f"] = "non définie", ["to-assess"] = "à qualifier",
        ["next-p1"] = "d'ici 30 minutes", ["next-p2"] = "d'ici 1 heure", ["next"] = "d'ici 4 heures",
        ["payments"] = "Paiements", ["security"] = "Sécurité", ["data-loss"] = "Perte de données", ["all-users"] = "Tous les utilisateurs", ["database"] = "Base de données",
        ["first-checks"] = "Les premières vérifications sont en cours.", ["analysis"] = "analyse en cours", ["fix-applied"] = "Correctif appliqué et vérifié",
        ["sla-met"] = "SLA {0} respecté ✅", ["sla-missed"] = "SLA {0} dépassé ❌", ["resolved-tag"] = "RÉSOLU", ["date"] = "dd/MM/yyyy", ["time"] = "HH'h'mm",
        ["team"] = "Équipe",
    });

    /// <summary>German.</summary>
    public static CommunicationLanguage German { get; } = new("de", "German", new()
    {
        [IncidentState.New] = "neu", [IncidentState.Triaged] = "angenommen", [IncidentState.Investigating] = "in Untersuchung",
        [IncidentState.Mitigating] = "Korrektur läuft", [IncidentState.Resolved] = "gelöst",
        [IncidentState.PostMortem] = "gelöst (Nachbetrachtung läuft)", [IncidentState.Closed] = "geschlossen",
    }, new()
    {
        ["hello"] = "Guten Tag", ["unknown"] = "nicht angegeben", ["none"] = "keines", ["none-f"] = "keine", ["to-assess"] = "wird bewertet",
        ["next-p1"] = "innerhalb von 30 Minuten", ["next-p2"] = "innerhalb 1 Stunde", ["next"] = "innerhalb von 4 Stunden",
        ["payments"] = "Zahlungen", ["security"] = "Sicherheit", ["data-loss"] = "Datenverlust", ["all-users"] = "Alle Benutzer", ["database"] = "Datenbank",
        ["first-checks"] = "Die ersten Prüfungen laufen.", ["analysis"] = "Analyse läuft", ["fix-applied"] = "Korrektur angewendet und geprüft",
        ["sla-met"] = "SLA {0} eingehalten ✅", ["sla-missed"] = "SLA {0} überschritten ❌", ["resolved-tag"] = "GELÖST", ["date"] = "dd.MM.yyyy", ["time"] = "HH:mm",
        ["team"] = "Team",
    });

    /// <summary>Spanish.</summary>
    public static CommunicationLanguage Spanish { get; } = new("es", "Spanish", new()
    {
        [IncidentState.New] = "nuevo", [IncidentState.Triaged] = "recibido", [IncidentState.Investigating] = "en investigación",
        [IncidentState.Mitigating] = "corrección en curso", [IncidentState.Resolved] = "resuelto",
        [IncidentState.PostMortem] = "resuelto (revisión posterior en curso)", [IncidentState.Closed] = "cerrado",
    }, new()
    {
        ["hello"] = "Hola", ["unknown"] = "no indicado", ["none"] = "ninguno", ["none-f"] = "ninguna", ["to-assess"] = "por evaluar",
        ["next-p1"] = "en 30 minutos", ["next-p2"] = "en 1 hora", ["next"] = "en 4 horas",
        ["payments"] = "Pagos", ["security"] = "Seguridad", ["data-loss"] = "Pérdida de datos", ["all-users"] = "Todos los usuarios", ["database"] = "Base de datos",
        ["first-checks"] = "Las primeras comprobaciones están en curso.", ["analysis"] = "análisis en curso", ["fix-applied"] = "Corrección aplicada y verificada",
        ["sla-met"] = "SLA {0} cumplido ✅", ["sla-missed"] = "SLA {0} incumplido ❌", ["resolved-tag"] = "RESUELTO", ["date"] = "dd/MM/yyyy", ["time"] = "HH:mm",
        ["team"] = "Equipo",
    });

    /// <summary>Every supported language.</summary>
    public static IReadOnlyList<CommunicationLanguage> All { get; } = [English, French, German, Spanish];

    /// <summary>ISO 639-1 code: <c>en</c>, <c>fr</c>, <c>de</c>, <c>es</c>.</summary>
    public string Code { get; }

    /// <summary>English name of the language, e.g. <c>French</c> (told to a model that drafts).</summary>
    public string Name { get; }

    /// <summary>Suffix of the prompt functions in this language: <c>En</c>, <c>Fr</c>, <c>De</c>, <c>Es</c>.</summary>
    public string Suffix => char.ToUpperInvariant(Code[0]) + Code[1..];

    /// <summary>The language of <paramref name="code"/> (case-insensitive, region ignored: <c>fr-BE</c> is French); null when not supported.</summary>
    public static CommunicationLanguage? Find(string? code)
    {
        var primary = code?.Trim().Split('-', '_')[0].ToLowerInvariant();
        return All.FirstOrDefault(l => l.Code == primary);
    }

    /// <summary>The language of <paramref name="code"/>, English when not supported.</summary>
    public static CommunicationLanguage Of(string? code) => Find(code) ?? English;

    /// <summary>The customer-facing word for <paramref name="state"/>.</summary>
    public string Status(IncidentState state) => _states.TryGetValue(state, out var word) ? word : state.ToString();

    /// <summary>A fixed word or phrase by key (<c>hello</c>, <c>unknown</c>, <c>sla-met</c>...); the English one when this language lacks it.</summary>
    public string this[string key] => _words.TryGetValue(key, out var word) ? word : English._words[key];

    /// <summary>The team line: <c>DevOps + Backend teams</c> in English, <c>Équipe DevOps + Backend</c> in French.</summary>
    public string Teams(IReadOnlyList<string> teams)
    {
        ArgumentNullException.ThrowIfNull(teams);
        var joined = string.Join(" + ", teams);
        return _words.TryGetValue("team", out var team) ? $"{team} {joined}" : joined + (teams.Count > 1 ? " teams" : " team");
    }
}
