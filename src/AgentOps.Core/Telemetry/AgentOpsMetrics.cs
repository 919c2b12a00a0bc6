using System.Diagnostics.Metrics;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Core.Telemetry;

/// <summary>
/// Every AgentOps metric, on the meter <see cref="MeterName"/> (exported as <c>agentops_*</c> by <c>serve</c>'s
/// <c>/metrics</c>). The pipeline records events where they happen; the gauges show the last value set by
/// <see cref="SetIncidentCounts"/>, <see cref="SetOutboxCounts"/> and <see cref="SetGitHubRateLimit"/>. No I/O here.
/// </summary>
public static class AgentOpsMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "AgentOps";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Lock Gate = new();
    private static IReadOnlyList<IncidentCount> _incidents = [];
    private static IReadOnlyDictionary<OutboxStatus, long> _outbox = new Dictionary<OutboxStatus, long>();
    private static long? _githubRemaining;

    private static readonly Counter<long> SignalsReceived = Meter.CreateCounter<long>(
        "agentops.signals.received", "{signal}", "Signals (emails, webhooks) taken in by intake, by channel.");

    private static readonly Histogram<double> TriageLatency = Meter.CreateHistogram(
        "agentops.triage.latency", "s", "Time the classifier took to triage a new incident, by resulting priority.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Counter<long> SlaBreaches = Meter.CreateCounter<long>(
        "agentops.sla.breaches", "{breach}", "SLA deadlines missed (acknowledge, resolve), by priority.");

    private static readonly Counter<long> GitHubApiCalls = Meter.CreateCounter<long>(
        "agentops.github.api.calls", "{call}", "HTTP calls to the GitHub API, by method and status code.");

    private static readonly Counter<long> OutboxDeliveries = Meter.CreateCounter<long>(
        "agentops.outbox.deliveries", "{message}", "Outbox delivery attempts, by outcome (delivered, retrying, dead).");

    static AgentOpsMetrics()
    {
        Meter.CreateObservableGauge("agentops.incidents", ObserveIncidents, "{incident}", "Incidents in the store by priority and state.");
        Meter.CreateObservableGauge("agentops.outbox.depth", ObserveOutbox, "{message}", "Outbox messages by status (pending is the backlog, dead needs an operator).");
        Meter.CreateObservableGauge("agentops.github.rate_limit.remaining", ObserveGitHubRemaining, "{call}", "GitHub API calls left in the current rate-limit window (X-RateLimit-Remaining).");
    }

    /// <summary>Counts one signal received through <paramref name="channel"/> (<c>email</c>, <c>webhook</c>...).</summary>
    public static void RecordSignal(string channel) => SignalsReceived.Add(1, new KeyValuePair<string, object?>("channel", channel));

    /// <summary>Records how long triage took for an incident classified <paramref name="priority"/>.</summary>
    public static void RecordTriage(TimeSpan elapsed, Priority priority) =>
        TriageLatency.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("priority", priority.ToString()));

    /// <summary>Counts one missed deadline (<paramref name="deadline"/>: <c>acknowledge</c> or <c>resolve</c>).</summary>
    public static void RecordSlaBreach(Priority priority, string deadline) =>
        SlaBreaches.Add(1, new KeyValuePair<string, object?>("priority", priority.ToString()), new KeyValuePair<string, object?>("deadline", deadline));

    /// <summary>Counts one GitHub API call; <paramref name="status"/> is the HTTP status code, or a word such as <c>timeout</c>.</summary>
    public static void RecordGitHubCall(string method, string status) =>
        GitHubApiCalls.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("status", status));

    /// <summary>Remembers the last <c>X-RateLimit-Remaining</c> GitHub sent.</summary>
    public static void SetGitHubRateLimit(long remaining)
    {
        lock (Gate)
        {
            _githubRemaining = remaining;
        }
    }

    /// <summary>Counts the outcomes of one outbox dispatch pass.</summary>
    public static void RecordOutboxPass(int delivered, int retrying, int dead)
    {
        OutboxDeliveries.Add(delivered, new KeyValuePair<string, object?>("outcome", "delivered"));
        OutboxDeliveries.Add(retrying, new KeyValuePair<string, object?>("outcome", "retrying"));
        OutboxDeliveries.Add(dead, new KeyValuePair<string, object?>("outcome", "dead"));
    }

    /// <summary>Replaces the incident counts the <c>agentops.incidents</c> gauge reports.</summary>
    public static void SetIncidentCounts(IReadOnlyList<IncidentCount> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        lock (Gate)
        {
            _incidents = counts;
        }
    }

    /// <summary>Replaces the outbox counts the <c>agentops.outbox.depth</c> gauge reports.</summary>
    public static void SetOutboxCounts(IReadOnlyDictionary<OutboxStatus, long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        lock (Gate)
        {
            _outbox = counts;
        }
    }

    private static IEnumerable<Measurement<long>> ObserveIncidents()
    {
        lock (Gate)
        {
            return _incidents.Select(c => new Measurement<long>(
                c.Count, new KeyValuePair<string, object?>("priority", c.Priority.ToString()), new KeyValuePair<string, object?>("state", c.State.ToString()))).ToList();
        }
    }

    private static IEnumerable<Measurement<long>> ObserveOutbox()
    {
        lock (Gate)
        {
            return _outbox.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("status", c.Key.ToString()))).ToList();
        }
    }

    private static IEnumerable<Measurement<long>> ObserveGitHubRemaining()
    {
        lock (Gate)
        {
            return _githubRemaining is { } remaining ? [new Measurement<long>(remaining)] : [];
        }
    }
}
