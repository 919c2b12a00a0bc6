using System.Text.RegularExpressions;
using AgentOps.Core.Triage;

namespace AgentOps.Core.Diagnostics.Context;

/// <summary>
/// Finds the services, hosts and well-known components a text names, by shape: <c>payments-api</c> or "the checkout
/// service" for services, <c>web-02</c>, <c>db1.prod.local</c> or an IPv4 address for hosts, a fixed list for components.
/// Email addresses are not hosts. Deterministic and offline; no guess beyond these shapes.
/// </summary>
public static partial class IncidentEntityExtractor
{
    private static readonly string[] Components =
    [
        "postgres", "postgresql", "mysql", "mariadb", "oracle", "sqlserver", "mongodb", "redis", "memcached", "elasticsearch",
        "kafka", "rabbitmq", "nginx", "haproxy", "apache", "varnish", "cloudflare", "kubernetes", "docker", "dns", "smtp",
        "ldap", "keycloak", "stripe", "paypal", "adyen", "braintree", "mollie", "twilio", "sendgrid", "s3", "cdn",
    ];

    private static readonly HashSet<string> NotServices = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "our", "your", "this", "that", "customer", "client", "le", "la", "les", "du", "de", "des", "notre",
        "votre", "ce", "cette", "der", "die", "das", "el", "los", "del", "su", "nuestro", "is", "est", "ist", "es", "not", "down",
        "web", "online", "en", "au", "aux", "un", "une", "par", "pour", "after", "apres", "api",
    };

    /// <summary>The entities <paramref name="text"/> names, each once, in order of first mention.</summary>
    /// <param name="text">Untrusted text (title, subject, body).</param>
    /// <param name="where">Where the text comes from, copied into each entity.</param>
    public static IReadOnlyList<IncidentEntity> Extract(string text, string where)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = TextFolding.Fold(text);
        var found = new List<(int At, IncidentEntity Entity)>();
        foreach (Match m in Hosts().Matches(folded))
        {
            if ((m.Index > 0 && folded[m.Index - 1] == '@') || NotHosts().IsMatch(m.Value))
            {
                continue;
            }

            found.Add((m.Index, new IncidentEntity(IncidentEntityKinds.Host, m.Value.TrimEnd('.'), where)));
        }

        foreach (Match m in SuffixedServices().Matches(folded))
        {
            found.Add((m.Index, new IncidentEntity(IncidentEntityKinds.Service, m.Value, where)));
        }

        foreach (Match m in WordedServices().Matches(folded))
        {
            var name = m.Groups["a"].Success ? m.Groups["a"].Value : m.Groups["b"].Value;
            if (!NotServices.Contains(name) && name.Length >= 3 && !char.IsDigit(name[0]))
            {
                found.Add((m.Index, new IncidentEntity(IncidentEntityKinds.Service, name, where)));
            }
        }

        var words = TextFolding.Tokens(text).ToHashSet(StringComparer.Ordinal);
        foreach (var component in Components.Where(words.Contains))
        {
            found.Add((folded.IndexOf(component, StringComparison.Ordinal), new IncidentEntity(IncidentEntityKinds.Component, component, where)));
        }

        return found.OrderBy(f => f.At)
            .Select(f => f.Entity)
            .DistinctBy(e => (e.Kind, e.Name))
            .ToList();
    }

    [GeneratedRegex(@"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b|\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d{1,3}(?:\.[a-z0-9-]+)*\b|\b(?:[a-z0-9-]+\.){2,}[a-z]{2,12}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Hosts();

    [GeneratedRegex(@"^(?:utf|iso|sha|md|windows|cp|x|ipv|covid|http|tls|ssl|base)-", RegexOptions.CultureInvariant)]
    private static partial Regex NotHosts();

    [GeneratedRegex(@"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:api|service|svc|worker|gateway|backend|frontend|server|app|db|cache|queue)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SuffixedServices();

    [GeneratedRegex(@"\b(?:micro)?(?:service|dienst|servicio)s?\s+(?:(?:de|du|des|de la|del)\s+|d')?[""'«]?\s*(?<a>[a-z][a-z0-9_-]{2,})|\b(?<b>[a-z][a-z0-9_-]{2,})\s+(?:micro)?service\b", RegexOptions.CultureInvariant)]
    private static partial Regex WordedServices();
}
