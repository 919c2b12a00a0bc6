using System.Text.RegularExpressions;
using AgentOps.Core.Model;
using C = AgentOps.Core.Diagnostics.FindingCategories;

namespace AgentOps.Core.Diagnostics;

/// <summary>
/// Orders the findings of all tracks on one timeline, links causes to effects with a fixed causal graph
/// (migration → missing index → sequential scans → slow queries → pool saturation → timeouts and 5xx; load on a
/// resource → cache pool exhausted → refused connections and failing health checks → 5xx; expired key → 5xx), names the
/// root cause and contributing causes, writes the "5 whys" chain with its evidence and proposes remediations (never run here).
/// </summary>
public sealed partial class RootCauseCorrelator
{
    private static readonly Dictionary<string, string[]> Effects = new(StringComparer.Ordinal)
    {
        [C.Deploy] = [C.AppExpiredApiKey, C.DbMissingIndex, C.AppErrors5xx, C.MetricsErrorRateHigh, C.MetricsLatencyHigh],
        [C.DbRecentMigration] = [C.DbMissingIndex, C.DbSlowQuery],
        [C.DbMissingIndex] = [C.DbSeqScan, C.DbSlowQuery],
        [C.DbSeqScan] = [C.DbSlowQuery, C.DbPoolSaturated],
        [C.DbSlowQuery] = [C.DbPoolSaturated, C.MetricsLatencyHigh, C.NetLatencyHigh],
        [C.DbBlocking] = [C.DbPoolSaturated, C.DbSlowQuery],
        [C.DbPoolSaturated] = [C.AppTimeouts, C.MetricsLatencyHigh, C.MetricsErrorRateHigh, C.NetLatencyHigh, C.NetUnhealthy, C.AppErrors5xx],
        [C.CachePoolExhausted] = [C.AppTimeouts, C.NetLatencyHigh, C.NetUnhealthy, C.MetricsLatencyHigh, C.MetricsErrorRateHigh, C.AppErrors5xx],
        [C.CacheMemoryPressure] = [C.CacheEvictions],
        [C.CacheEvictions] = [C.MetricsLatencyHigh, C.DbSlowQuery],
        [C.CacheSlowCommands] = [C.MetricsLatencyHigh, C.AppTimeouts],
        [C.AppExpiredApiKey] = [C.AppErrors5xx, C.MetricsErrorRateHigh],
        [C.AppTimeouts] = [C.AppErrors5xx, C.MetricsErrorRateHigh, C.NetUnhealthy],
        [C.AppErrors5xx] = [C.MetricsErrorRateHigh, C.NetUnhealthy],
        // A service whose health check fails because a dependency refuses it fails its requests for the same reason.
        [C.NetUnhealthy] = [C.MetricsErrorRateHigh],
        [C.MetricsSaturation] = [C.MetricsLatencyHigh],
    };

    // Defects that can be a root cause, with a prior that breaks ties between equally supported candidates.
    private static readonly Dictionary<string, double> Defects = new(StringComparer.Ordinal)
    {
        [C.DbMissingIndex] = 0.3,
        [C.AppExpiredApiKey] = 0.3,
        [C.CachePoolExhausted] = 0.25,
        [C.DbBlocking] = 0.2,
        [C.CacheMemoryPressure] = 0.15,
        [C.CacheSlowCommands] = 0.05,
    };

    // Detection gaps: why the root cause went unnoticed; they add the last "why" and a contributing cause.
    private static readonly HashSet<string> DetectionGaps = [C.AppNoExpiryWarning];

    // Changes that introduce a defect: reported as the trigger, not as the root cause.
    private static readonly HashSet<string> Triggers = [C.Deploy, C.DbRecentMigration];

    // Load that drives a resource to its limit: the "why" under a pool that ran out, and a contributing cause.
    // Only when its evidence names the root's resource (a saturated CPU does not explain an exhausted Redis pool).
    private static readonly Dictionary<string, (string Name, string[] Words)> LoadResources = new(StringComparer.Ordinal)
    {
        [C.CachePoolExhausted] = ("Redis", ["redis"]),
        [C.DbPoolSaturated] = ("PostgreSQL", ["pg_", "postgres", "connections"]),
    };

    /// <summary>Correlates <paramref name="findings"/> into a root-cause analysis.</summary>
    /// <returns>The analysis; category <c>unknown</c> with confidence 0 when no finding points at a problem.</returns>
    public RootCauseAnalysis Correlate(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var timeline = findings.OrderBy(When).ThenBy(f => f.Id, StringComparer.Ordinal).ToList();
        var problems = timeline.Where(f => !C.IsNeutral(f.Category)).ToList();
        if (problems.Count == 0)
        {
            return new RootCauseAnalysis("No root cause found: no track reported a problem.", "unknown", 0)
            {
                FindingIds = timeline.Select(f => f.Id).ToList(),
                ContributingCauses = timeline.Where(f => f.Category == C.ToolUnavailable).Select(f => f.Claim).ToList(),
            };
        }

        var best = problems.GroupBy(f => f.Category!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(f => f.Confidence).ThenBy(When).First(), StringComparer.Ordinal);
        var root = ChooseRoot(best);
        var chain = LongestChain(root.Category!, best);
        var trigger = best.Values.Where(f => Triggers.Contains(f.Category!) && Reaches(f.Category!, root.Category!) && Related(f, root))
            .OrderByDescending(f => f.Confidence).FirstOrDefault();
        // Effects of the root cause are symptoms, not contributing causes.
        var effects = Downstream(root.Category!, best);
        var saturation = best.Values.FirstOrDefault(f => f.Category == C.MetricsSaturation && LoadOn(f, root));
        var load = saturation is null ? null : LoadStep(saturation, root);
        var contributing = new List<Finding>();
        if (trigger is not null)
        {
            contributing.Add(trigger);
        }

        if (load is not null)
        {
            contributing.Add(load);
        }

        contributing.AddRange(best.Values
            .Where(f => f != trigger && f != saturation && f != root && !effects.Contains(f.Category!))
            .OrderByDescending(f => Defects.ContainsKey(f.Category!))
            .ThenByDescending(f => f.Confidence));

        var supported = chain.Count - 1;
        var confidence = Math.Min(0.99, root.Confidence * (0.75 + (0.05 * Math.Min(supported, 5))) + (trigger is null ? 0 : 0.03));
        return new RootCauseAnalysis(root.Claim, root.Category!, Math.Round(confidence, 2))
        {
            ContributingCauses = contributing.Select(f => f.Claim).ToList(),
            FiveWhys = [.. Whys(chain, load, trigger), .. contributing.Where(f => DetectionGaps.Contains(f.Category!)).Take(1)
                .Select(gap => new WhyStep("Why did it reach customers before anyone was warned?", gap.Claim) { Evidence = gap.Evidence })],
            FindingIds = timeline.Select(f => f.Id).ToList(),
            Remediations = Remediate(root, best),
            StartedAt = chain.Concat(trigger is null ? [] : [trigger]).Concat(load is null ? [] : [load]).Min(When),
        };
    }

    private static DateTimeOffset When(Finding f) => f.ObservedSince ?? f.At;

    private static Finding ChooseRoot(Dictionary<string, Finding> best)
    {
        var candidates = best.Values.Where(f => Defects.ContainsKey(f.Category!)).ToList();
        if (candidates.Count == 0)
        {
            candidates = best.Values.Where(f => !Triggers.Contains(f.Category!)).ToList();
        }

        if (candidates.Count == 0)
        {
            candidates = [.. best.Values];
        }

        // An explained finding (one whose present cause is also a candidate) is not the root.
        var unexplained = candidates.Where(f => !candidates.Any(o => o != f && !Triggers.Contains(o.Category!) && Reaches(o.Category!, f.Category!))).ToList();
        return (unexplained.Count > 0 ? unexplained : candidates)
            .OrderByDescending(f => f.Confidence + Defects.GetValueOrDefault(f.Category!) + (0.1 * Downstream(f.Category!, best).Count))
            .ThenBy(When)
            .First();
    }

    private static HashSet<string> Downstream(string category, Dictionary<string, Finding> present)
    {
        var reachable = Reachable(category);
        reachable.IntersectWith(present.Keys);
        return reachable;
    }

    private static bool Reaches(string cause, string effect) => Reachable(cause).Contains(effect);

    private static HashSet<string> Reachable(string category)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([category]);
        while (stack.Count > 0)
        {
            foreach (var effect in Effects.GetValueOrDefault(stack.Pop()) ?? [])
            {
                if (seen.Add(effect))
                {
                    stack.Push(effect);
                }
            }
        }

        return seen;
    }

    private static List<Finding> LongestChain(string from, Dictionary<string, Finding> present)
    {
        List<Finding> Walk(string category, HashSet<string> visited)
        {
            var bestTail = new List<Finding>();
            foreach (var effect in Effects.GetValueOrDefault(category) ?? [])
            {
                if (present.ContainsKey(effect) && visited.Add(effect))
                {
                    var tail = Walk(effect, visited);
                    visited.Remove(effect);
                    // Equally long: the better-supported path (a measured error rate over a 5-request probe).
                    if (tail.Count > bestTail.Count || (tail.Count == bestTail.Count && tail.Sum(f => f.Confidence) > bestTail.Sum(f => f.Confidence)))
                    {
                        bestTail = tail;
                    }
                }
            }

            return [present[category], .. bestTail];
        }

        return Walk(from, new HashSet<string>(StringComparer.Ordinal) { from });
    }

    private static bool Related(Finding trigger, Finding root) =>
        !trigger.Data.TryGetValue("table", out var table) || !root.Data.TryGetValue("table", out var rootTable)
        || string.Equals(table, rootTable, StringComparison.OrdinalIgnoreCase);

    private static bool LoadOn(Finding load, Finding root) =>
        LoadResources.TryGetValue(root.Category!, out var resource)
        && load.Evidence.Select(e => e.Excerpt).Append(load.Claim)
            .Any(text => resource.Words.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)));

    // The saturation finding restated as the load on the root's resource, from its measured current and baseline ratios.
    private static Finding LoadStep(Finding load, Finding root)
    {
        var name = LoadResources[root.Category!].Name;
        var measured = load.Evidence.Select(e => SaturationFigures().Match(e.Excerpt)).FirstOrDefault(m => m.Success);
        if (measured is null
            || !double.TryParse(measured.Groups["current"].Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var current)
            || !double.TryParse(measured.Groups["baseline"].Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var baseline))
        {
            return load with { Claim = $"Load on {name} reached its limit: {load.Claim}" };
        }

        return load with
        {
            Claim = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Load on {name} rose from {baseline * 100:0.#} % of its connection limit in the baseline window to {current * 100:0.#} %: every connection slot is taken."),
        };
    }

    private static List<WhyStep> Whys(List<Finding> chain, Finding? load, Finding? trigger)
    {
        // chain runs cause → effect; the whys run from the symptom down to the root cause.
        var symptom = chain[^1];
        var whys = new List<WhyStep>();
        for (var i = chain.Count - 1; i > 0; i--)
        {
            whys.Add(new WhyStep($"Why? {chain[i].Claim}", chain[i - 1].Claim) { Evidence = chain[i - 1].Evidence });
        }

        var deepest = chain[0];
        if (load is not null)
        {
            whys.Add(new WhyStep($"Why? {deepest.Claim}", load.Claim) { Evidence = load.Evidence });
            deepest = load;
        }

        if (trigger is not null)
        {
            whys.Add(new WhyStep($"Why? {deepest.Claim}", trigger.Claim) { Evidence = trigger.Evidence });
        }

        // At most five whys, keeping the deepest ones (the root cause and what introduced it).
        return [new WhyStep("What is observed?", symptom.Claim) { Evidence = symptom.Evidence }, .. whys.Skip(Math.Max(0, whys.Count - 5))];
    }

    private static List<Remediation> Remediate(Finding root, Dictionary<string, Finding> present)
    {
        var list = new List<Remediation>();
        void Add(string description, string action, string risk) => list.Add(new Remediation($"R-{list.Count + 1}", description, action, risk));

        switch (root.Category)
        {
            case C.DbMissingIndex when root.Data.TryGetValue("table", out var table) && root.Data.TryGetValue("column", out var column):
                Add(
                    $"Create the missing index on {table}.{column} without locking writes, so the statement filtering on it stops scanning the whole table.",
                    $"CREATE INDEX CONCURRENTLY {Identifier($"idx_{table}_{column}")} ON {Identifier(table)} ({Identifier(column)})",
                    "low");
                break;
            case C.CachePoolExhausted:
                var max = root.Data.TryGetValue("maxclients", out var m) && int.TryParse(m, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 10_000;
                Add(
                    "Raise Redis maxclients (and the client pool size) so callers stop waiting for a connection; then find the client that leaks connections.",
                    $"CONFIG SET maxclients {Math.Max(max * 4, 64)}",
                    "medium");
                break;
            case C.AppExpiredApiKey:
                Add(
                    $"Rotate the expired API key{(root.Data.TryGetValue("provider", out var provider) ? $" of {provider}" : string.Empty)} and redeploy the secret.",
                    $"rotate-secret {(root.Data.TryGetValue("provider", out var p) ? p : "payment-provider")}-api-key",
                    "medium");
                break;
            case C.DbBlocking:
                Add("Terminate the session that holds the blocking lock after checking what it does.", "SELECT pg_terminate_backend(<blocking pid>)", "high");
                break;
            default:
                break;
        }

        if (root.Category != C.DbPoolSaturated && present.ContainsKey(C.DbPoolSaturated))
        {
            Add("Until the cause is fixed, cap the application pool below max_connections so that admin connections stay available.", "set the application's database pool size below max_connections", "low");
        }

        return list;
    }

    private static string Identifier(string name) => PlainIdentifier().IsMatch(name) ? name : $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    [GeneratedRegex(@"current=(?<current>\d+(?:\.\d+)?) baseline=(?<baseline>\d+(?:\.\d+)?)")]
    private static partial Regex SaturationFigures();

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex PlainIdentifier();
}
