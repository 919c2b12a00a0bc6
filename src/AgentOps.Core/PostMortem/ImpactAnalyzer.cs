using System.Globalization;
using System.Text.RegularExpressions;
using AgentOps.Core.Model;

namespace AgentOps.Core.PostMortem;

/// <summary>
/// Finds measured impact figures (users, requests, rejected connections, slow database calls, error rate, SLO, error
/// budget, revenue) in findings and their evidence.
/// </summary>
public static partial class ImpactAnalyzer
{
    private static readonly (string Name, Func<Regex> Pattern)[] Patterns =
    [
        ("Affected users", UsersPattern),
        ("Failed requests", FailedRequestsPattern),
        ("Timed-out requests", TimeoutRequestsPattern),
        ("Lost transactions", TransactionsPattern),
        ("Rejected connections", RejectedConnectionsPattern),
        ("Slow database calls", SlowCallsPattern),
        ("Error rate", ErrorRatePattern),
        ("Availability", AvailabilityPattern),
        ("SLO", SloPattern),
        ("Error budget", ErrorBudgetPattern),
        ("Revenue impact", RevenuePattern),
    ];

    /// <summary>The impact figures of <paramref name="incident"/>, at most one per kind (the first finding that has it; its evidence before its claim), in a fixed order.</summary>
    public static IReadOnlyList<ImpactMetric> Extract(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var findings = incident.Tracks.SelectMany(t => t.Findings).OrderBy(f => f.At).ToList();
        var metrics = new List<ImpactMetric>();
        foreach (var (name, pattern) in Patterns)
        {
            var regex = pattern();
            foreach (var finding in findings)
            {
                var texts = finding.Evidence.Select(e => (Text: e.Excerpt, e.Source, e.ObservedAt)).Append((Text: finding.Claim, Source: "finding", ObservedAt: finding.At));
                var hit = texts.Select(t => (Match: regex.Match(t.Text), t.Source, t.ObservedAt)).FirstOrDefault(t => t.Match.Success);
                if (hit.Match is { Success: true })
                {
                    var value = hit.Match.Groups["v"].Value.Trim();
                    if (hit.Match.Groups["mean"] is { Success: true } mean)
                    {
                        value += $" calls, {mean.Value.Trim()} ms on average";
                    }

                    metrics.Add(new ImpactMetric(name, value, finding.Id, hit.Source, hit.ObservedAt));
                    break;
                }
            }
        }

        return metrics;
    }

    /// <summary>Parses a percentage such as <c>99.9</c> or <c>99,87</c>.</summary>
    public static double? ParsePercent(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var m = NumberPattern().Match(value.Replace(',', '.'));
        return m.Success && double.TryParse(m.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    [GeneratedRegex(@"(?<v>~?\s?\d[\d,.\u202f ]*\d|\d)\s*(k\s)?(affected |impacted )?(users|utilisateurs|customers)\b", RegexOptions.IgnoreCase)]
    private static partial Regex UsersPattern();

    [GeneratedRegex(@"(?<v>~?\s?\d[\d,.\u202f ]*\d|\d)\s*(failed requests|requests? (in error|failed)|requêtes en erreur|5xx responses|errors 5\d\d)", RegexOptions.IgnoreCase)]
    private static partial Regex FailedRequestsPattern();

    [GeneratedRegex(@"(?<v>~?\s?\d[\d,.\u202f ]*\d|\d)\s*(timeout requests|timed[- ]out requests|requêtes en timeout|requests? timed out)", RegexOptions.IgnoreCase)]
    private static partial Regex TimeoutRequestsPattern();

    [GeneratedRegex(@"(?<v>~?\s?\d[\d,.\u202f ]*\d|\d)\s*(lost |failed )?(transactions|paiements échoués|payments failed|failed payments)", RegexOptions.IgnoreCase)]
    private static partial Regex TransactionsPattern();

    [GeneratedRegex(@"(?<v>[1-9][\d,]*) connections rejected|rejected_connections=(?<v>[1-9]\d*)", RegexOptions.IgnoreCase)]
    private static partial Regex RejectedConnectionsPattern();

    // The slow statement's executions: pg_stat_statements "mean_ms=768.3 calls=119" or "768 ms on average over 119 calls".
    [GeneratedRegex(@"mean_ms=(?<mean>\d+(?:\.\d+)?) calls=(?<v>[1-9]\d*)|(?<mean>\d+(?:\.\d+)?) ms on average over (?<v>[1-9][\d,]*) calls", RegexOptions.IgnoreCase)]
    private static partial Regex SlowCallsPattern();

    [GeneratedRegex(@"(error rate|taux d'erreur)\D{0,20}?(?<v>\d+(?:[.,]\d+)?\s?%)|(?<v>\d+(?:[.,]\d+)?\s?%) of requests fail", RegexOptions.IgnoreCase)]
    private static partial Regex ErrorRatePattern();

    [GeneratedRegex(@"(availability|disponibilité)\D{0,20}(?<v>\d+(?:[.,]\d+)?\s?%(\s?(→|->|to)\s?\d+(?:[.,]\d+)?\s?%)?)", RegexOptions.IgnoreCase)]
    private static partial Regex AvailabilityPattern();

    [GeneratedRegex(@"\bSLO\b[^\d\n]{0,30}(?<v>\d+(?:[.,]\d+)?\s?%|p\d\d\s?<\s?\d+\s?ms)", RegexOptions.IgnoreCase)]
    private static partial Regex SloPattern();

    [GeneratedRegex(@"(error budget|budget d'erreur)\W{0,3}(?<v>[^\n.;]*\d[^\n;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ErrorBudgetPattern();

    [GeneratedRegex(@"(revenue|revenus?|chiffre d'affaires)\D{0,30}?(?<v>~?\s?(€\s?\d[\d,.\u202f ]*|\d[\d,.\u202f ]*\s?(€|EUR|\$|USD)))", RegexOptions.IgnoreCase)]
    private static partial Regex RevenuePattern();

    [GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial Regex NumberPattern();
}
